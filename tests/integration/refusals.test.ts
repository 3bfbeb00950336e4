import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';
import { englishArticle } from '../support/fixtures';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { type Answer, TestPipeline } from '../support/test-pipeline';

type Send = (stack: TestPipeline) => Promise<Answer>;

const article = (data: Record<string, unknown> = {}) =>
  englishArticle({ externalId: 'refusal-case', ...data });
const deliver =
  (body: unknown, options: Parameters<TestPipeline['deliver']>[1] = {}): Send =>
  (stack) =>
    stack.deliver(body as object, options);
const withHeaders = (headers: Record<string, string | undefined>) => deliver(article(), { headers });

/** Sends raw bytes with a signature computed as the caller chooses. */
const raw =
  (body: Buffer, sign: (id: string, at: Date) => string, headers: Record<string, string> = {}): Send =>
  (stack) => {
    const at = new Date();
    return stack.request('POST', '/v1/partners/almadar/articles', {
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_raw',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': sign('msg_raw', at),
        ...headers,
      },
      body,
    });
  };

/** Random base64 in words: gzip keeps about three quarters of it. */
function randomText(length: number): string {
  return (
    randomBytes(Math.ceil((length * 3) / 4))
      .toString('base64')
      .match(/.{1,9}/g) ?? []
  )
    .join(' ')
    .slice(0, length);
}

const nested = JSON.parse(`${'{"a":'.repeat(60)}1${'}'.repeat(60)}`);
const longTitle = 'T'.repeat(501);

/** At least 40 bad deliveries: each gets its status and problem type, and stores nothing. */
const CASES: [string, Send, number, string][] = [
  // 401: missing, bad or stale signature, unknown partner
  ['no webhook-signature', withHeaders({ 'webhook-signature': undefined }), 401, 'unauthorized'],
  ['no webhook-timestamp', withHeaders({ 'webhook-timestamp': undefined }), 401, 'unauthorized'],
  ['no webhook-id', withHeaders({ 'webhook-id': undefined }), 401, 'unauthorized'],
  [
    'a signature with another partner’s secret',
    deliver(article(), { secret: OTHER_SECRET }),
    401,
    'unauthorized',
  ],
  [
    'a timestamp 330 s old',
    deliver(article(), { timestamp: new Date(Date.now() - 330_000) }),
    401,
    'unauthorized',
  ],
  [
    'a timestamp 330 s ahead',
    deliver(article(), { timestamp: new Date(Date.now() + 330_000) }),
    401,
    'unauthorized',
  ],
  ['an unknown partner', deliver(article(), { partnerId: 'unknown-outlet' }), 401, 'unauthorized'],
  ['a partner id that could never exist', deliver(article(), { partnerId: 'Bad%20Id' }), 401, 'unauthorized'],
  [
    'a signature of another version only',
    withHeaders({ 'webhook-signature': 'v2,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
    401,
    'unauthorized',
  ],
  ['a signature that is not base64', withHeaders({ 'webhook-signature': 'garbage' }), 401, 'unauthorized'],
  [
    'a timestamp that is not a number',
    withHeaders({ 'webhook-timestamp': 'yesterday' }),
    401,
    'unauthorized',
  ],
  [
    'a signature made for another delivery id',
    withHeaders({ 'webhook-id': 'msg_other' }),
    401,
    'unauthorized',
  ],
  [
    'a body changed after signing',
    raw(Buffer.from(JSON.stringify(article({ title: 'Changed' }))), (id, at) =>
      new Webhook(ALMADAR_SECRET).sign(id, at, JSON.stringify(article())),
    ),
    401,
    'unauthorized',
  ],
  // 400: malformed
  [
    'a webhook-id containing "."',
    deliver(article(), { deliveryId: 'msg.with.dots' }),
    400,
    'malformed-request',
  ],
  [
    'a body that is not UTF-8',
    raw(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), (id, at) =>
      new Webhook(ALMADAR_SECRET).sign(id, at, '{"\uFFFD("}'),
    ),
    400,
    'malformed-request',
  ],
  ['a body that is not JSON', deliver('{"type": "article.published", '), 400, 'malformed-request'],
  ['a JSON array', deliver('[1, 2, 3]'), 400, 'malformed-request'],
  ['a JSON string', deliver('"article"'), 400, 'malformed-request'],
  [
    'an envelope without type',
    deliver({ timestamp: '2024-11-28T10:00:00Z', data: article().data }),
    400,
    'malformed-request',
  ],
  ['an unknown event type', deliver({ ...article(), type: 'article.archived' }), 400, 'malformed-request'],
  [
    'an envelope without timestamp',
    deliver({ type: 'article.published', data: article().data }),
    400,
    'malformed-request',
  ],
  [
    'an envelope timestamp that is not a date',
    deliver({ ...article(), timestamp: 'soon' }),
    400,
    'malformed-request',
  ],
  [
    'an envelope timestamp in 2099',
    deliver({ ...article(), timestamp: '2099-01-01T00:00:00Z' }),
    400,
    'malformed-request',
  ],
  [
    'a deletion whose envelope timestamp is in 2099',
    deliver({
      type: 'article.deleted',
      timestamp: '2099-01-01T00:00:00Z',
      data: { externalId: 'already-there' },
    }),
    400,
    'malformed-request',
  ],
  ['data that is a string', deliver({ ...article(), data: 'x' }), 400, 'malformed-request'],
  ['data that is null', deliver({ ...article(), data: null }), 400, 'malformed-request'],
  [
    'JSON nested 60 levels deep',
    deliver({ ...article(), data: { ...article().data, extra: nested } }),
    400,
    'malformed-request',
  ],
  // 413, 415
  [
    'a body over 5.5 MiB',
    deliver(article({ contentText: 'x'.repeat(MAX_DELIVERY_BYTES) })),
    413,
    'payload-too-large',
  ],
  ['Content-Type text/plain', withHeaders({ 'content-type': 'text/plain' }), 415, 'unsupported-media-type'],
  [
    'Content-Type application/xml',
    withHeaders({ 'content-type': 'application/xml' }),
    415,
    'unsupported-media-type',
  ],
  ['no Content-Type', withHeaders({ 'content-type': undefined }), 415, 'unsupported-media-type'],
  // 422: field rules
  ['no externalId', deliver(article({ externalId: undefined })), 422, 'validation-failed'],
  ['an externalId with a space', deliver(article({ externalId: 'a b' })), 422, 'validation-failed'],
  [
    'an externalId of 201 characters',
    deliver(article({ externalId: 'x'.repeat(201) })),
    422,
    'validation-failed',
  ],
  ['a relative url', deliver(article({ url: '/news/1' })), 422, 'validation-failed'],
  ['a javascript: url', deliver(article({ url: 'javascript:alert(1)' })), 422, 'validation-failed'],
  ['an empty title', deliver(article({ title: '   ' })), 422, 'validation-failed'],
  ['a title with markup', deliver(article({ title: 'Hello <script>x</script>' })), 422, 'validation-failed'],
  ['a title of 501 characters', deliver(article({ title: longTitle })), 422, 'validation-failed'],
  ['no content', deliver(article({ contentText: undefined })), 422, 'validation-failed'],
  [
    'both contentHtml and contentText',
    deliver(article({ contentHtml: '<p>x</p>' })),
    422,
    'validation-failed',
  ],
  [
    'contentHtml over 512 KiB',
    deliver(article({ contentText: undefined, contentHtml: 'x'.repeat(512 * 1024 + 1) })),
    422,
    'validation-failed',
  ],
  [
    'publishedAt without an offset',
    deliver(article({ publishedAt: '2024-11-28T10:00:00' })),
    422,
    'validation-failed',
  ],
  [
    'publishedAt that is not a date',
    deliver(article({ publishedAt: 'last tuesday' })),
    422,
    'validation-failed',
  ],
  [
    'updatedAt before publishedAt',
    deliver(article({ updatedAt: '2020-01-01T00:00:00Z' })),
    422,
    'validation-failed',
  ],
  // A publishedAt in 2099 is an embargo, accepted (tests/integration/embargo.test.ts).
  ['an updatedAt in 2099', deliver(article({ updatedAt: '2099-01-01T00:00:00Z' })), 422, 'validation-failed'],
  [
    '21 categories',
    deliver(article({ categories: Array.from({ length: 21 }, (_, i) => `c${i}`) })),
    422,
    'validation-failed',
  ],
  ['a category that is a number', deliver(article({ categories: [42] })), 422, 'validation-failed'],
  [
    'an image with a relative url',
    deliver(article({ image: { url: 'photo.jpg' } })),
    422,
    'validation-failed',
  ],
  [
    'an attribution without publisher',
    deliver(article({ attribution: { url: 'https://p.example/' } })),
    422,
    'validation-failed',
  ],
  [
    'an attribution url on ftp',
    deliver(article({ attribution: { publisher: 'P', url: 'ftp://p.example/' } })),
    422,
    'validation-failed',
  ],
  ['a language that is not BCP 47', deliver(article({ language: 'arabic!' })), 422, 'validation-failed'],
  [
    'an author object without a name',
    deliver(article({ author: { url: 'https://a.example/' } })),
    422,
    'validation-failed',
  ],
  [
    'a 512 KiB body that will not compress',
    deliver(article({ contentText: randomText(512 * 1024 - 16) })),
    422,
    'validation-failed',
  ],
  [
    'HTML nested 3,000 elements deep',
    deliver(article({ contentText: undefined, contentHtml: `${'<b>'.repeat(3000)}x` })),
    422,
    'validation-failed',
  ],
  [
    'a title of control characters only',
    deliver(article({ title: '\u0000\u0001' })),
    422,
    'validation-failed',
  ],
  [
    'content that is only a script',
    deliver(article({ contentText: undefined, contentHtml: '<script>alert(1)</script>' })),
    422,
    'validation-failed',
  ],
  [
    'content that is only site chrome',
    deliver(article({ contentText: 'Leave a Reply\n\nPost Comment' })),
    422,
    'validation-failed',
  ],
  [
    'a partner id that is not valid percent-encoding',
    (stack) =>
      stack.request('POST', '/v1/partners/%E0%A4%A/articles', {
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    400,
    'malformed-request',
  ],
  [
    'a deletion without externalId',
    deliver({ type: 'article.deleted', timestamp: '2024-11-28T10:00:00Z', data: {} }),
    422,
    'validation-failed',
  ],
];

describe('refused deliveries', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    // One stored article, so "nothing stored" is measured against a table that is not empty.
    expect((await stack.deliver(englishArticle({ externalId: 'already-there' }))).status).toBe(202);
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('refuses %s', async (_name, send, status, slug) => {
    const before = await stack.contentItems();
    const answer = await send(stack);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.json).toMatchObject({
      type: `/problems/${slug}`,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (status === 422) {
      expect((answer.json as { errors: { pointer: string }[] }).errors[0]?.pointer).toMatch(/^\/data\//);
    }
    expect(await stack.contentItems()).toEqual(before);
  });

  it('answers one 422 that lists every broken rule, each with its JSON pointer', async () => {
    const before = await stack.contentItems();
    const answer = await stack.deliver(
      article({
        url: 'not a url',
        title: 'Markup <em>inside</em>',
        contentHtml: '<p>Also HTML</p>',
        // A future publishedAt is an embargo, not an error; an updatedAt after it is one.
        publishedAt: '2099-01-01T00:00:00Z',
        updatedAt: '2099-01-02T00:00:00Z',
        categories: Array.from({ length: 21 }, (_, i) => `c${i}`),
      }),
    );
    expect(answer.status).toBe(422);
    const problem = answer.json as { detail: string; errors: { pointer: string; message: string }[] };
    expect(problem.errors.map((error) => error.pointer)).toEqual([
      '/data/url',
      '/data/title',
      '/data/contentText',
      '/data/updatedAt',
      '/data/categories',
    ]);
    expect(problem.errors.map((error) => error.message)).toEqual([
      'must be an absolute http(s) URL',
      'must be text, without markup',
      'give contentHtml or contentText, not both',
      expect.stringContaining('not updated after a time still to come'),
      'must hold at most 20 categories',
    ]);
    expect(problem.detail).toMatch(/breaks 5 field rules/);
    expect(await stack.contentItems()).toEqual(before);
  });

  it('says why an update dated in the future is refused, naming the field', async () => {
    const answer = await stack.deliver(article({ updatedAt: '2099-01-01T00:00:00Z' }));
    expect(answer.status).toBe(422);
    expect((answer.json as { errors: unknown[] }).errors).toEqual([
      {
        pointer: '/data/updatedAt',
        message: expect.stringMatching(/300 s ahead of our clock.*unless it is the embargoed publishedAt/),
      },
    ]);
  });

  it('says why an event dated in the future is refused', async () => {
    const answer = await stack.deliver({ ...article(), timestamp: '2099-01-01T00:00:00Z' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      detail: expect.stringMatching(
        /^The envelope timestamp 2099-01-01T00:00:00Z is later than now .* 300 s/,
      ),
      errors: [{ pointer: '/timestamp', message: 'must not be more than 300 s in the future' }],
    });
  });

  it('never answers 5xx, whatever a signed partner sends (property-based)', async () => {
    const data = fc.dictionary(
      fc.constantFrom(
        'externalId',
        'url',
        'title',
        'contentText',
        'contentHtml',
        'publishedAt',
        'updatedAt',
        'author',
        'authors',
        'language',
        'categories',
        'image',
        'attribution',
        'summary',
      ),
      fc.oneof(
        fc.string(),
        fc.jsonValue(),
        fc.constant('https://x.example/a'),
        fc.constant('2024-11-28T10:00:00Z'),
      ),
    );
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          type: fc.constantFrom('article.published', 'article.updated', 'article.deleted', 'x'),
          timestamp: fc.string(),
          data,
        })
        .map((v) => JSON.stringify(v)),
      data.map((d) =>
        JSON.stringify({ type: 'article.published', timestamp: '2024-11-28T10:00:00Z', data: d }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const answer = await stack.deliver(text);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });
});
