import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { slugCandidate } from '../../shared/clean/slug';
import { articleIdFor } from '../../shared/domain/article-id';
import { englishArticle } from '../support/fixtures';
import { ALMADAR_SECRET, OTHER_SECRET, testPartners, WHOLE_CALENDAR } from '../support/test-partners';
import { type Answer, TestPipeline } from '../support/test-pipeline';

interface Problem {
  type: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { pointer: string; message: string }[];
}
interface Receipt {
  articleId: string;
  url: string;
}

const problemOf = (answer: Answer) => answer.json as Problem;
const receiptOf = (answer: Answer) => answer.json as Receipt;

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

/**
 * Text whose paragraph compresses to just under `bytes`. The store keeps a body of at most 350,000
 * compressed bytes (`dynamodb-article-store.ts`), so this is a body as large as can be stored.
 */
function textCompressingTo(bytes: number): string {
  let length = Math.round(bytes / 0.76);
  for (;;) {
    const text = randomText(length);
    const compressed = gzipSync(Buffer.from(`<p>${text}</p>`)).byteLength;
    if (compressed <= bytes && compressed > bytes - 5_000) return text;
    length = Math.round(length * ((bytes - 2_500) / compressed));
  }
}

const LONG_PATH = 'a'.repeat(2000);
/** A name of `length` characters of three UTF-8 bytes each, after a distinguishing prefix. */
const arabic = (prefix: string, length: number) => prefix.padEnd(length, 'ت');

/** A field at the limit of its own rule, or just past it: 202 or 422, never 5xx. */
const EXTREME_VALUES: [string, Record<string, unknown>, 202 | 422][] = [
  ['a title of 500 characters outside the BMP', { title: '𝒜'.repeat(500) }, 202],
  ['a title of 500 Arabic letters', { title: arabic('', 500) }, 202],
  ['an externalId of 200 characters', { externalId: 'e'.repeat(200) }, 202],
  ['a url of 2,048 characters', { url: `https://other.example/${'u'.repeat(2048 - 22)}` }, 202],
  [
    'a url of 2,000 Arabic letters, six times as long once percent-encoded',
    { url: `https://other.example/${'ب'.repeat(2000)}` },
    202,
  ],
  ['a summary of 5,000 Arabic letters', { summary: arabic('', 5000) }, 202],
  [
    '20 categories of 100 Arabic letters',
    { categories: Array.from({ length: 20 }, (_, i) => arabic(`${i}`, 100)) },
    202,
  ],
  [
    'an image with a 1,000-letter alt and a 2,048-character url',
    { image: { url: `https://img.example/${'i'.repeat(2048 - 20)}`, alt: arabic('', 1000) } },
    202,
  ],
  [
    'an attribution at every limit',
    {
      attribution: {
        publisher: arabic('', 300),
        url: `https://p.example/${LONG_PATH}`,
        license: arabic('', 300),
      },
    },
    202,
  ],
  ['a publishedAt to the nanosecond', { publishedAt: '2024-11-28T10:00:00.123456789+01:00' }, 202],
  ['a publishedAt with 10 fraction digits', { publishedAt: '2024-11-28T10:00:00.1234567891+01:00' }, 422],
  [
    'a publishedAt with 900,000 fraction digits',
    { publishedAt: `2024-11-28T10:00:00.${'1'.repeat(900_000)}+01:00` },
    422,
  ],
  [
    'an updatedAt with 900,000 fraction digits',
    { updatedAt: `2024-11-28T10:00:00.${'9'.repeat(900_000)}Z` },
    422,
  ],
  [
    'a publishedAt early on 1 January 1000, far west of UTC',
    { publishedAt: '1000-01-01T00:00:00-23:59' },
    202,
  ],
  ['a publishedAt that is still in the year 999 in UTC', { publishedAt: '1000-01-01T00:00:00+23:59' }, 422],
  [
    '50 authors with long names and URLs',
    {
      author: Array.from({ length: 50 }, (_, i) => ({
        name: arabic(`${i}`, 200),
        url: `https://other.example/${LONG_PATH}`,
      })),
    },
    422,
  ],
  [
    'a hundred authors with long URLs beside a body that compresses to 250 KB',
    {
      author: Array.from({ length: 50 }, (_, i) => ({
        name: `A${i}`,
        url: `https://a.example/${LONG_PATH}`,
      })),
      authors: Array.from({ length: 50 }, (_, i) => ({
        name: `B${i}`,
        url: `https://b.example/${LONG_PATH}`,
      })),
      contentText: textCompressingTo(250_000),
    },
    422,
  ],
  [
    'every field near its limit at once, beside a body that compresses to nearly the limit',
    {
      title: arabic('', 500),
      url: `https://other.example/${'u'.repeat(2000)}`,
      summary: arabic('', 5000),
      categories: Array.from({ length: 20 }, (_, i) => arabic(`${i}`, 100)),
      image: { url: `https://img.example/${LONG_PATH}`, alt: arabic('', 1000) },
      attribution: {
        publisher: arabic('', 300),
        url: `https://p.example/${LONG_PATH}`,
        license: arabic('', 300),
      },
      author: [
        { name: arabic('1', 200), url: `https://other.example/${LONG_PATH}` },
        { name: arabic('2', 200), url: `https://other.example/${LONG_PATH}` },
      ],
      publishedAt: '2024-11-28T10:00:00.123456789+01:00',
      contentText: textCompressingTo(345_000),
    },
    202,
  ],
];

/** Each case as its own article. */
const EXTREMES = EXTREME_VALUES.map(
  ([name, data, status], index) =>
    [`${name}: ${status}`, { externalId: `extreme-${index}`, ...data }, status] as const,
);

describe('what a hostile partner sends', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    // The whole calendar is allowed, so the extreme dates below test storing and publishing them.
    stack = await TestPipeline.start({ partners: testPartners(WHOLE_CALENDAR) });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('costs time in proportion to its size', () => {
    it('refuses a title of "<a" filling the body for its length alone', async () => {
      const answer = await stack.deliver(
        englishArticle({ externalId: 'redos-title', title: '<a'.repeat(500_000) }),
      );
      expect(answer.status).toBe(422);
      expect(problemOf(answer).errors).toEqual([
        { pointer: '/data/title', message: 'must be at most 500 characters' },
      ]);
    });

    it('accepts an article that ends in a long run of punctuation', async () => {
      const contentText = `Negotiators met again on Thursday.\n\nx${'!'.repeat(500_000)}x`;
      const answer = await stack.deliver(englishArticle({ externalId: 'redos-punctuation', contentText }));
      expect(answer.status).toBe(202);
    });
  });

  describe('never gets a 5xx for a value at or past a limit', () => {
    it.each(EXTREMES)('answers %s', async (_name, data, status) => {
      const answer = await stack.deliver(englishArticle(data));
      expect(answer.status).toBe(status);
      if (status === 422) {
        const problem = problemOf(answer);
        expect(problem.errors?.length).toBeGreaterThan(0);
        expect(problem.errors?.[0]?.pointer).toMatch(/^\/data\/[a-zA-Z]+$/);
      }
    });

    it('names the field that takes the most room when the fields together cannot be stored', async () => {
      const answer = await stack.deliver(
        englishArticle({
          externalId: 'too-many-authors',
          author: { name: 'Jane Doe' },
          authors: Array.from({ length: 50 }, (_, i) => ({
            name: `B${i}`,
            url: `https://b.example/${LONG_PATH}`,
          })),
        }),
      );
      expect(answer.status).toBe(422);
      expect(problemOf(answer).errors).toEqual([
        { pointer: '/data/authors', message: expect.stringMatching(/^is too large to store/) },
      ]);
    });

    it('publishes every article it accepted', async () => {
      await stack.waitUntilPublished(60_000);
      const keys = new Set(await stack.objectKeys());
      for (const [, data, status] of EXTREMES) {
        if (status !== 202) continue;
        const externalId = data.externalId as string;
        const { slug } =
          (await stack.pipeline.context.store.getArticle(articleIdFor('almadar', externalId))) ?? {};
        expect(slug, externalId).toBeDefined();
        expect(keys.has(`articles/${slug}.html`), externalId).toBe(true);
      }
    });
  });

  describe('cannot add languages', () => {
    it.each([
      ['en-x-visit-scam-site', 'must not have a private-use part'],
      ['zzz', 'must name a language of ISO 639'],
      ['qaa', 'must name a language of ISO 639'],
      ['und', 'must name a language of ISO 639'],
      ['en-scamsite', 'no variants'],
      ['en-u-ca-buddhist', 'must not have extensions'],
      ['en-QQ', 'unknown region'],
    ])('refuses the language %s with 422, creating no feed', async (language, message) => {
      const answer = await stack.deliver(englishArticle({ externalId: `language-${language}`, language }));
      expect(answer.status).toBe(422);
      expect(problemOf(answer).errors).toEqual([
        { pointer: '/data/language', message: expect.stringContaining(message) },
      ]);
      await stack.waitUntilPublished();
      expect(await stack.pipeline.context.store.feedScopes()).not.toContain(`language#${language}`);
      expect((await stack.objectKeys()).filter((key) => key.includes(`/languages/${language}/`))).toEqual([]);
    });

    it.each([
      ['en-GB', 'en'],
      ['arb', 'ar'],
      ['zh-Hant-TW', 'zh'],
    ])('files an article in %s under the shortest tag of its language, %s', async (language, stored) => {
      const externalId = `language-${language}`;
      expect((await stack.deliver(englishArticle({ externalId, language }))).status).toBe(202);
      await stack.waitUntilPublished();
      const article = await stack.pipeline.context.store.getArticle(articleIdFor('almadar', externalId));
      expect(article?.content.language).toBe(stored);
      const scopes = await stack.pipeline.context.store.feedScopes();
      expect(scopes).toContain(`language#${stored}`);
      expect(scopes).not.toContain(`language#${language}`);
    });
  });

  describe('cannot take another partner’s slugs', () => {
    it('lets a partner publish when another has taken every slug it could compute for it', async () => {
      const title = 'Harbour authority approves the new ferry terminal';
      const externalId = 'ferry-terminal';
      const victimId = articleIdFor('almadar', externalId);
      const base = slugCandidate(title, externalId);
      // Today's three candidates for the victim's article, each taken by a title of the squatter's.
      const squatted = [base, `${base}-${victimId.slice(1, 7)}`, `${base}-${victimId}`];
      for (const [index, slug] of squatted.entries()) {
        const answer = await stack.deliver(
          englishArticle({ externalId: `squat-${index}`, title: slug.replaceAll('-', ' ') }),
          { partnerId: 'other-outlet', secret: OTHER_SECRET },
        );
        expect(answer.status).toBe(202);
        expect(receiptOf(answer).url).toBe(`${stack.url}/articles/${slug}.html`);
      }

      const answer = await stack.deliver(englishArticle({ externalId, title }));
      expect(answer.status).toBe(202);
      const { url } = receiptOf(answer);
      expect(squatted.map((slug) => `${stack.url}/articles/${slug}.html`)).not.toContain(url);
      expect(url).toBe(`${stack.url}/articles/${base}--${victimId}.html`);

      await stack.waitUntilPublished();
      const page = await stack.request('GET', new URL(url).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain(title);
    });
  });

  // Through the ingest function as API Gateway hands it the delivery in AWS: the local server
  // refuses an unknown partner before reading its body (decision 0016), which is tested there.
  describe('answers an unknown partner like a bad signature', () => {
    it('checks the signature against as many secrets either way, and says the same', async () => {
      const verify = vi.spyOn(Webhook.prototype, 'verify');
      const attempt = async (options: Parameters<TestPipeline['deliver']>[1]) => {
        verify.mockClear();
        const answer = await stack.invokeIngest(englishArticle({ externalId: 'who-is-there' }), options);
        return { answer, checks: verify.mock.calls.length };
      };
      try {
        const unknown = await attempt({ partnerId: 'unknown-outlet', secret: ALMADAR_SECRET });
        const wrongOfTwo = await attempt({ partnerId: 'almadar', secret: OTHER_SECRET });
        const wrongOfOne = await attempt({ partnerId: 'other-outlet', secret: ALMADAR_SECRET });
        const refusals = [unknown, wrongOfTwo, wrongOfOne];
        for (const { answer } of refusals) expect(answer.status).toBe(401);
        expect(unknown.checks).toBeGreaterThan(0);
        expect(refusals.map(({ checks }) => checks)).toEqual([
          unknown.checks,
          unknown.checks,
          unknown.checks,
        ]);
        const withoutInstance = ({ instance: _instance, ...problem }: Problem) => problem;
        expect(refusals.map(({ answer }) => withoutInstance(problemOf(answer)))).toEqual(
          Array(3).fill(withoutInstance(problemOf(unknown.answer))),
        );
      } finally {
        verify.mockRestore();
      }
    });

    it('judges the headers before the partner: a long webhook-id is 400 for a partner that does not exist too', async () => {
      const deliveryId = `msg_${'x'.repeat(300)}`;
      const known = await stack.invokeIngest(englishArticle(), { deliveryId, secret: OTHER_SECRET });
      const unknown = await stack.invokeIngest(englishArticle(), { deliveryId, partnerId: 'unknown-outlet' });
      expect([known.status, unknown.status]).toEqual([400, 400]);
    });
  });
});
