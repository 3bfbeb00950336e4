import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEditorHandler, type EditorHandler } from '../../functions/editor/handler';
import { BearerTokenAuthenticator } from '../../shared/adapters/editor-auth/bearer-token-authenticator';
import { JwtClaimsAuthenticator } from '../../shared/adapters/editor-auth/jwt-claims-authenticator';
import { encodeListCursor } from '../../shared/editor-api/list-cursor';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../shared/errors/http-errors';
import { FakeEditorUseCases, sampleArticleView } from '../support/fake-editor-use-cases';

const TOKEN = 'local-editor-token-0123456789';

interface RequestOptions {
  query?: string;
  headers?: Record<string, string>;
  /** A value is sent as JSON with its content type; a string is sent as it is. */
  json?: unknown;
  body?: string;
  claims?: Record<string, unknown>;
  token?: string | null;
}

/** The API Gateway HTTP API event of a request, as `npm start` and API Gateway build it. */
function editorEvent(method: string, path: string, options: RequestOptions = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, options.headers);
  const requestContext: Record<string, unknown> = {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost:3000',
    domainPrefix: 'localhost',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: 'request-1',
    routeKey: '$default',
    stage: '$default',
    time: '27/Nov/2024:10:00:00 +0000',
    timeEpoch: 1732701600000,
  };
  if (options.claims) requestContext.authorizer = { jwt: { claims: options.claims, scopes: [] } };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: requestContext as unknown as APIGatewayProxyEventV2['requestContext'],
    body: body === undefined ? undefined : Buffer.from(body).toString('base64'),
    isBase64Encoded: body !== undefined,
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

function read(result: APIGatewayProxyStructuredResultV2): Answer {
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const text = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64').toString()
    : (result.body ?? '');
  return { status: result.statusCode ?? 200, headers, json: text ? JSON.parse(text) : {} };
}

const silent = new Logger({ serviceName: 'editor-test', logLevel: 'SILENT' });
let useCases: FakeEditorUseCases;
let handler: EditorHandler;

async function call(method: string, path: string, options?: RequestOptions): Promise<Answer> {
  return read(await handler(editorEvent(method, path, options)));
}

function problemAt(answer: Answer): { pointer: string; message: string }[] {
  return answer.json.errors as { pointer: string; message: string }[];
}

beforeEach(() => {
  useCases = new FakeEditorUseCases();
  handler = createEditorHandler({
    useCases,
    authenticator: new BearerTokenAuthenticator(TOKEN),
    logger: silent,
  });
});

describe('editor API authentication', () => {
  const refusals: [string, RequestOptions][] = [
    ['no Authorization header', { token: null }],
    ['another scheme', { token: null, headers: { authorization: `Basic ${TOKEN}` } }],
    ['a wrong token of the same length', { token: TOKEN.replace(/.$/, 'X') }],
    ['a token of another length', { token: `${TOKEN}0` }],
    ['a prefix of the token', { token: TOKEN.slice(0, 16) }],
    ['an empty bearer token', { token: null, headers: { authorization: 'Bearer ' } }],
  ];

  it.each(refusals)(
    'answers 401 with WWW-Authenticate: Bearer for %s, and calls nothing',
    async (_, options) => {
      const answer = await call('GET', '/v1/articles', options);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.json.type).toBe('/problems/unauthorized');
      expect(useCases.calls).toEqual([]);
    },
  );

  it('refuses before it says whether a path, a route, an article or a body is good', async () => {
    const requests = [
      'GET /v1/nowhere',
      'DELETE /v1/articles',
      'PATCH /v1/articles/unknown',
      // The router decodes and matches these before any route runs: a 400 and a 404 with a token.
      'GET /v1/articles/%E0%A4%A',
      'GET /v1/articles/%20',
    ];
    const statuses: Record<string, number> = {};
    for (const request of requests) {
      const [method = '', path = ''] = request.split(' ');
      for (const [credentials, options] of [
        ['a wrong token', { token: 'wrong-token-of-some-length' }],
        ['no token', { token: null }],
      ] as const) {
        const answer = await call(method, path, { ...options, body: '{not json' });
        statuses[`${request} with ${credentials}`] = answer.status;
      }
    }
    expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((key) => [key, 401])));
    expect(useCases.calls).toEqual([]);
  });

  it('still tells a bad path apart once the editor is known', async () => {
    expect((await call('GET', '/v1/articles/%E0%A4%A')).status).toBe(400);
    expect((await call('GET', '/v1/articles/%20')).status).toBe(404);
  });

  it('accepts the scheme in any case and records the local editor', async () => {
    const answer = await call('POST', '/v1/articles/a-1/republish', {
      token: null,
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(202);
    expect(useCases.calls).toEqual([
      { name: 'republishArticle', articleId: 'a-1', editor: { id: 'local-editor' }, reason: undefined },
    ]);
  });

  describe('with the JWT authorizer’s claims (AWS)', () => {
    beforeEach(() => {
      handler = createEditorHandler({
        useCases,
        authenticator: new JwtClaimsAuthenticator(),
        logger: silent,
      });
    });

    it('passes the editor the claims name to the use case', async () => {
      const answer = await call('POST', '/v1/articles/a-1/unpublish', {
        token: null,
        claims: { sub: 'c0ffee-42', email: 'layla@example.org', name: 'Layla' },
        json: { reason: 'A court order' },
      });
      expect(answer.status).toBe(202);
      expect(useCases.calls[0]).toMatchObject({
        name: 'unpublishArticle',
        editor: { id: 'c0ffee-42', displayName: 'layla@example.org' },
      });
    });

    it('falls back to the name claim for the display name', async () => {
      await call('POST', '/v1/republish', {
        token: null,
        claims: { sub: 's-1', name: 'Layla' },
        json: { scope: 'all' },
      });
      expect(useCases.calls[0]).toMatchObject({ editor: { id: 's-1', displayName: 'Layla' } });
    });

    it('answers 401 when no authorizer supplied claims, or they name nobody', async () => {
      expect((await call('GET', '/v1/articles')).status).toBe(401);
      expect((await call('GET', '/v1/articles', { claims: { email: 'x@example.org' } })).status).toBe(401);
      expect((await call('GET', '/v1/articles', { claims: { sub: '  ' } })).status).toBe(401);
      expect(useCases.calls).toEqual([]);
    });

    it('answers what the API’s $default route passes on (a path or method it has not) with a 404 or 405 problem', async () => {
      const claims = { sub: 's-1', email: 'layla@example.org' };
      const unknown = await call('GET', '/v1/editors', { token: null, claims });
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toBe('application/problem+json');
      expect(unknown.json.type).toBe('/problems/not-found');
      // Only POST is the webhook's; its path's other methods fall through to the editor function.
      const partnerGet = await call('GET', '/v1/partners/wire/articles', { token: null, claims });
      expect(partnerGet.status).toBe(405);
      expect(partnerGet.headers.allow).toBe('POST');
      const put = await call('PUT', '/v1/articles/a-1', { token: null, claims });
      expect(put.status).toBe(405);
      expect(put.headers['content-type']).toBe('application/problem+json');
      expect(put.headers.allow).toBe('GET, PATCH');
      expect(useCases.calls).toEqual([]);
    });
  });
});

describe('GET /v1/articles', () => {
  it('lists with the default page size and no filters, and says nothing of a next page on the last', async () => {
    const answer = await call('GET', '/v1/articles');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ items: [JSON.parse(JSON.stringify(sampleArticleView()))] });
    expect(useCases.calls).toEqual([{ name: 'listArticles', query: { limit: 20 } }]);
  });

  it('passes the filters, canonical language and limit, and continues from the cursor it gave', async () => {
    useCases.listPage = { items: [], after: 'ORDER#2024-11-27#42' };
    const first = await call('GET', '/v1/articles', {
      query: 'partner=almadar&state=taken-down&language=ar-EG&limit=2',
    });
    expect(first.status).toBe(200);
    const cursor = first.json.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(useCases.calls[0]).toEqual({
      name: 'listArticles',
      query: { partnerId: 'almadar', state: 'taken-down', language: 'ar', limit: 2 },
    });

    const next = await call('GET', '/v1/articles', {
      query: `partner=almadar&state=taken-down&language=ar&limit=2&cursor=${cursor}`,
    });
    expect(next.status).toBe(200);
    expect(useCases.calls[1]).toMatchObject({ query: { after: 'ORDER#2024-11-27#42', language: 'ar' } });
  });

  it.each([
    ['limit=0', '/limit'],
    ['limit=101', '/limit'],
    ['limit=ten', '/limit'],
    ['limit=1.5', '/limit'],
    ['state=deleted', '/state'],
    ['partner=Al%20Madar', '/partner'],
    ['language=klingon-x', '/language'],
    ['language=en-x-private', '/language'],
    ['sort=title', '/sort'],
    ['limit=5&limit=6', '/limit'],
  ])('answers 422 for %s, pointing at %s', async (query, pointer) => {
    const answer = await call('GET', '/v1/articles', { query });
    expect(answer.status).toBe(422);
    expect(answer.json.type).toBe('/problems/validation-failed');
    expect(problemAt(answer).map((error) => error.pointer)).toEqual([pointer]);
    expect(useCases.calls).toEqual([]);
  });

  it('answers 400 in words for a cursor it did not make', async () => {
    for (const cursor of [
      'not a cursor',
      'bm90IGpzb24',
      Buffer.from('{"v":2,"after":"x","filters":{}}').toString('base64url'),
    ]) {
      const answer = await call('GET', '/v1/articles', { query: `cursor=${encodeURIComponent(cursor)}` });
      expect(answer.status, cursor).toBe(400);
      expect(answer.json.detail).toMatch(/cursor/);
    }
    expect(useCases.calls).toEqual([]);
  });

  it('answers 400 for a cursor made for other filters', async () => {
    const cursor = encodeListCursor('ORDER#1', { partnerId: 'almadar' });
    const answer = await call('GET', '/v1/articles', { query: `partner=other&cursor=${cursor}` });
    expect(answer.status).toBe(400);
    expect(answer.json.detail).toMatch(/other filters/);
  });
});

describe('GET /v1/articles/{articleId}', () => {
  it('answers the article with its revision as a strong ETag', async () => {
    const answer = await call('GET', '/v1/articles/almadar-2024-0042');
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"r3"');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json).toMatchObject({
      articleId: 'almadar-2024-0042',
      revision: 3,
      publication: { state: 'published' },
    });
  });

  it('answers 404 problem+json for an unknown article', async () => {
    useCases.failWith(new NotFoundError({ detail: 'There is no article almadar-9.' }));
    const answer = await call('GET', '/v1/articles/almadar-9');
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ type: '/problems/not-found', instance: '/v1/articles/almadar-9' });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('refuses query parameters it does not take', async () => {
    const answer = await call('GET', '/v1/articles/a-1', { query: 'verbose=1' });
    expect(answer.status).toBe(422);
    expect(problemAt(answer)).toEqual([
      { pointer: '/verbose', message: 'is not a parameter of this request' },
    ]);
  });
});

describe('PATCH /v1/articles/{articleId}', () => {
  it('maps the body onto a correction, passes If-Match, and answers 202 with the article', async () => {
    const answer = await call('PATCH', '/v1/articles/a-1', {
      headers: { 'if-match': '"r3"' },
      json: {
        reason: '  The headline misnamed the minister. ',
        title: 'Rains  return to the valley',
        categories: ['Weather'],
        attribution: {
          publisher: { name: 'Al Madar', url: 'https://almadar.example/' },
          authors: [{ name: 'Layla Haddad' }],
          license: null,
          originalUrl: 'https://almadar.example/2024/rains',
        },
        release: ['summary'],
      },
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ articleId: 'a-1', revision: 4, state: 'pending' });
    expect(answer.headers.etag).toBe('"r4"');
    expect(useCases.calls).toEqual([
      {
        name: 'correctArticle',
        articleId: 'a-1',
        editor: { id: 'local-editor' },
        expectedRevision: 3,
        correction: {
          reason: '  The headline misnamed the minister. ',
          values: {
            // As typed: the use case gives text its canonical form (normaliseCorrection).
            title: 'Rains  return to the valley',
            categories: ['Weather'],
            publisher: { name: 'Al Madar', url: 'https://almadar.example/' },
            authors: [{ name: 'Layla Haddad' }],
            license: null,
            originalUrl: 'https://almadar.example/2024/rains',
          },
          release: ['summary'],
        },
      },
    ]);
  });

  it('passes no expected revision without If-Match', async () => {
    await call('PATCH', '/v1/articles/a-1', { json: { reason: 'Typo', title: 'Fixed' } });
    expect(useCases.calls[0]).toMatchObject({ expectedRevision: undefined });
  });

  it.each([
    ['no reason', { title: 'x' }, ['/reason']],
    ['an empty reason', { reason: '   ', title: 'x' }, ['/reason']],
    ['a reason over 500 characters', { reason: 'r'.repeat(501), title: 'x' }, ['/reason']],
    ['nothing to correct', { reason: 'why' }, ['']],
    ['a title over 300 characters', { reason: 'why', title: 't'.repeat(301) }, ['/title']],
    ['a summary over 1000 characters', { reason: 'why', summary: 's'.repeat(1001) }, ['/summary']],
    [
      '21 categories',
      { reason: 'why', categories: Array.from({ length: 21 }, (_, i) => `c${i}`) },
      ['/categories'],
    ],
    ['a long category', { reason: 'why', categories: ['ok', 'c'.repeat(101)] }, ['/categories/1']],
    [
      'a relative publisher url',
      { reason: 'why', attribution: { publisher: { name: 'P', url: '/about' } } },
      ['/attribution/publisher/url'],
    ],
    [
      'a javascript: original URL',
      { reason: 'why', attribution: { originalUrl: 'javascript:alert(1)' } },
      ['/attribution/originalUrl'],
    ],
    [
      'an author without a name',
      { reason: 'why', attribution: { authors: [{ url: 'https://a.example/' }] } },
      ['/attribution/authors/0/name'],
    ],
    ['a license that is a number', { reason: 'why', attribution: { license: 4 } }, ['/attribution/license']],
    ['an unknown field', { reason: 'why', title: 'x', body: '<p>new</p>' }, ['/body']],
    ['an unknown attribution field', { reason: 'why', attribution: { via: 'x' } }, ['/attribution/via', '']],
    ['an unknown release', { reason: 'why', release: ['body'] }, ['/release/0']],
    ['a field set and released', { reason: 'why', title: 'x', release: ['title'] }, ['/release/0']],
    ['a field released twice', { reason: 'why', release: ['title', 'title'] }, ['/release/1']],
    ['a title of the wrong type', { reason: 'why', title: ['x'] }, ['/title']],
    ['an array body', [], ['']],
  ])('answers 422 for %s, pointing at the field', async (_, json, pointers) => {
    const answer = await call('PATCH', '/v1/articles/a-1', { json });
    expect(answer.status).toBe(422);
    expect(answer.json.type).toBe('/problems/validation-failed');
    expect(problemAt(answer).map((error) => error.pointer)).toEqual(pointers);
    expect(useCases.calls).toEqual([]);
  });

  it.each(['r3', '"3"', 'W/"r3"', '*', '"r3", "r4"', '"r-1"'])(
    'answers 400 for If-Match %s',
    async (ifMatch) => {
      const answer = await call('PATCH', '/v1/articles/a-1', {
        headers: { 'if-match': ifMatch },
        json: { reason: 'why', title: 'x' },
      });
      expect(answer.status).toBe(400);
      expect(answer.json.detail).toMatch(/If-Match/);
      expect(useCases.calls).toEqual([]);
    },
  );

  it('passes a 412 from the use case through', async () => {
    useCases.failWith(new PreconditionFailedError({ detail: 'The article is at revision 5, not 3.' }));
    const answer = await call('PATCH', '/v1/articles/a-1', {
      headers: { 'if-match': '"r3"' },
      json: { reason: 'why', title: 'x' },
    });
    expect(answer.status).toBe(412);
    expect(answer.json).toMatchObject({
      type: '/problems/precondition-failed',
      detail: 'The article is at revision 5, not 3.',
    });
  });

  it('passes a 422 for a correction that changes nothing through', async () => {
    useCases.failWith(new ValidationError({ detail: 'The correction changes nothing.' }));
    expect((await call('PATCH', '/v1/articles/a-1', { json: { reason: 'why', title: 'Same' } })).status).toBe(
      422,
    );
  });

  it('answers 400 for a body that is not JSON, or not UTF-8, without echoing it', async () => {
    for (const body of ['{"reason": "why", "title": <script>', '']) {
      const answer = await call('PATCH', '/v1/articles/a-1', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status, body).toBe(400);
      expect(answer.json.type).toBe('/problems/malformed-request');
      expect(JSON.stringify(answer.json)).not.toContain('<script>');
    }
    const event = editorEvent('PATCH', '/v1/articles/a-1', {
      headers: { 'content-type': 'application/json' },
    });
    event.body = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64');
    event.isBase64Encoded = true;
    expect(read(await handler(event)).status).toBe(400);
    expect(useCases.calls).toEqual([]);
  });

  it('answers 415 for a body in another media type', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const answer = await call('PATCH', '/v1/articles/a-1', {
        body: JSON.stringify({ reason: 'why', title: 'x' }),
        headers: { 'content-type': contentType },
      });
      expect(answer.status, contentType).toBe(415);
      expect(answer.json.type).toBe('/problems/unsupported-media-type');
    }
    const answer = await call('PATCH', '/v1/articles/a-1', {
      body: JSON.stringify({ reason: 'why', title: 'x' }),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(answer.status).toBe(202);
  });
});

describe('POST /v1/articles/{articleId}/unpublish and /republish', () => {
  it('takes an article down with a reason and If-Match', async () => {
    const answer = await call('POST', '/v1/articles/a-1/unpublish', {
      headers: { 'if-match': '"r3"' },
      json: { reason: 'A court order' },
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ articleId: 'a-1', state: 'pending' });
    expect(useCases.calls).toEqual([
      {
        name: 'unpublishArticle',
        articleId: 'a-1',
        reason: 'A court order',
        editor: { id: 'local-editor' },
        expectedRevision: 3,
      },
    ]);
  });

  it('refuses an unpublish without a reason', async () => {
    const answer = await call('POST', '/v1/articles/a-1/unpublish', { json: {} });
    expect(answer.status).toBe(422);
    expect(problemAt(answer)).toEqual([{ pointer: '/reason', message: 'is required' }]);
  });

  it('passes a 409 for an article already down through', async () => {
    useCases.failWith(new ConflictError({ detail: 'The article is already taken down.' }));
    expect((await call('POST', '/v1/articles/a-1/unpublish', { json: { reason: 'again' } })).status).toBe(
      409,
    );
  });

  it('republishes with no body at all, or with a reason', async () => {
    expect((await call('POST', '/v1/articles/a-1/republish')).status).toBe(202);
    expect(
      (await call('POST', '/v1/articles/a-1/republish', { json: { reason: 'Order lifted' } })).status,
    ).toBe(202);
    expect(useCases.calls).toEqual([
      { name: 'republishArticle', articleId: 'a-1', editor: { id: 'local-editor' }, reason: undefined },
      { name: 'republishArticle', articleId: 'a-1', editor: { id: 'local-editor' }, reason: 'Order lifted' },
    ]);
  });

  it('refuses a republish body with unknown fields or that is not an object', async () => {
    expect(problemAt(await call('POST', '/v1/articles/a-1/republish', { json: { force: true } }))).toEqual([
      { pointer: '/force', message: 'is not a field of this request' },
    ]);
    expect((await call('POST', '/v1/articles/a-1/republish', { json: null })).status).toBe(422);
  });

  it('answers 404 for an unknown article', async () => {
    useCases.failWith(new NotFoundError({ detail: 'There is no article x.' }));
    expect((await call('POST', '/v1/articles/x/republish')).status).toBe(404);
  });
});

describe('POST /v1/republish and GET /v1/jobs/{jobId}', () => {
  it.each([
    ['all', { kind: 'all' }],
    ['feeds', { kind: 'feeds' }],
    ['partner:almadar', { kind: 'partner', partnerId: 'almadar' }],
  ])('starts a job for scope %s and answers 202 with its Location', async (scope, parsed) => {
    const answer = await call('POST', '/v1/republish', { json: { scope } });
    expect(answer.status).toBe(202);
    expect(answer.headers.location).toBe('/v1/jobs/job-0001');
    expect(answer.json).toMatchObject({ jobId: 'job-0001', scope, state: 'running', done: 0, total: 12 });
    expect(useCases.calls).toEqual([
      { name: 'startRepublish', scope: parsed, editor: { id: 'local-editor' } },
    ]);
  });

  it.each([['everything'], ['partner:'], ['partner:Al Madar'], [3]])(
    'answers 422 at /scope for %s',
    async (scope) => {
      const answer = await call('POST', '/v1/republish', { json: { scope } });
      expect(answer.status).toBe(422);
      expect(problemAt(answer).map((error) => error.pointer)).toEqual(['/scope']);
    },
  );

  it('answers 404 for a job or a partner it does not know', async () => {
    useCases.failWith(new NotFoundError({ detail: 'There is no partner nobody.' }));
    expect((await call('POST', '/v1/republish', { json: { scope: 'partner:nobody' } })).status).toBe(404);
    useCases.failWith(new NotFoundError({ detail: 'There is no job x.' }));
    expect((await call('GET', '/v1/jobs/x')).status).toBe(404);
  });

  it('shows a job', async () => {
    const answer = await call('GET', '/v1/jobs/job-7');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ jobId: 'job-7', state: 'running', done: 0, total: 12 });
  });
});

describe('routes the API does not have', () => {
  it('answers 404 problem+json for an unknown path', async () => {
    const answer = await call('GET', '/v1/editors');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json.type).toBe('/problems/not-found');
  });

  it('answers 405 with Allow for a method a path does not take', async () => {
    const put = await call('PUT', '/v1/articles/a-1');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, PATCH');
    const get = await call('GET', '/v1/republish');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    expect((await call('GET', '/v1/articles/%E0%A4%A')).status).toBe(400);
  });
});

describe('faults', () => {
  it('ignores a body sent with a GET, as API Gateway passes it on', async () => {
    const answer = await call('GET', '/v1/articles/a-1', { json: { reason: 'ignored' } });
    expect(answer.status).toBe(200);
  });

  it('answers 500 with nothing of the fault in it', async () => {
    useCases.failWith(new Error('DynamoDB said: table syndication-secret-name at 10.0.0.7 is gone'));
    const answer = await call('GET', '/v1/articles/a-1');
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json).toEqual({
      type: '/problems/internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'The request could not be completed. It is safe to retry.',
      instance: '/v1/articles/a-1',
    });
  });
});
