import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CLOUDFRONT_FUNCTION_SOURCES } from '../../infra/constructs/site-cdn';
import { HTTP_STATUS_METADATA } from '../../shared/adapters/s3/s3-site-bucket';
import { toProblemResponse } from '../../shared/http/problem-response';
import {
  type IngestDependencies,
  ingestDelivery,
  MAX_DELIVERY_BYTES,
} from '../../shared/ingest/ingest-delivery';

/** A header as CloudFront Functions present it: lower-case name, `{ value }`. */
type Headers = Record<string, { value: string }>;

interface ViewerRequest {
  method: string;
  uri: string;
  querystring: Record<string, unknown>;
  headers: Headers;
  cookies: Record<string, unknown>;
}

interface ViewerResponse {
  statusCode: number;
  statusDescription?: string;
  headers: Headers;
  cookies?: Record<string, unknown>;
  body?: { encoding: 'text' | 'base64'; data: string };
}

/**
 * The function's `handler`, from its source as CloudFront runs it: a plain script, evaluated in a context
 * of its own, with no module system.
 */
function handlerOf<E, R>(file: string): (event: E) => R {
  return runInNewContext(`${readFileSync(file, 'utf8')}\n;handler`, {}) as (event: E) => R;
}

const viewerRequest = handlerOf<{ request: ViewerRequest }, ViewerRequest | ViewerResponse>(
  CLOUDFRONT_FUNCTION_SOURCES.viewerRequest,
);
const apiViewerRequest = handlerOf<{ request: ViewerRequest }, ViewerRequest | ViewerResponse>(
  CLOUDFRONT_FUNCTION_SOURCES.apiViewerRequest,
);
const viewerResponse = handlerOf<{ request: ViewerRequest; response: ViewerResponse }, ViewerResponse>(
  CLOUDFRONT_FUNCTION_SOURCES.viewerResponse,
);

function request(uri: string): ViewerRequest {
  return { method: 'GET', uri, querystring: {}, headers: { host: { value: 'news.example' } }, cookies: {} };
}

function event(response: ViewerResponse) {
  return { version: '1.0', context: { eventType: 'viewer-response' }, request: request('/'), response };
}

/** The header S3 answers a GET with for the object's user metadata `http-status`. */
const STATUS_HEADER = `x-amz-meta-${HTTP_STATUS_METADATA}`;

describe('viewer request', () => {
  it.each([
    ['/', '/index.html'],
    ['/editor/', '/editor/index.html'],
    ['/feeds/partners/', '/feeds/partners/index.html'],
  ])('serves %s from %s', (uri, served) => {
    expect(viewerRequest({ request: request(uri) })).toMatchObject({ uri: served });
  });

  it.each(['/articles/a-slug.html', '/feeds/rss.xml', '/assets/site.css', '/index.html'])(
    'leaves %s as it is',
    (uri) => {
      expect(viewerRequest({ request: request(uri) })).toEqual(request(uri));
    },
  );

  it('sends /editor to /editor/, where the console and its sign-in redirect live', () => {
    const answer = viewerRequest({ request: request('/editor') }) as ViewerResponse;
    expect(answer.statusCode).toBe(301);
    expect(answer.headers.location).toEqual({ value: '/editor/' });
  });
});

describe('viewer response', () => {
  it('answers 410 Gone for a page the publisher stored with http-status 410', () => {
    const answer = viewerResponse(
      event({
        statusCode: 200,
        headers: { 'content-type': { value: 'text/html; charset=utf-8' }, [STATUS_HEADER]: { value: '410' } },
        cookies: {},
      }),
    );
    expect(answer.statusCode).toBe(410);
    expect(answer.statusDescription).toBe('Gone');
    expect(answer.headers['content-type']).toEqual({ value: 'text/html; charset=utf-8' });
  });

  it('leaves a 200 without the metadata alone', () => {
    const answer = viewerResponse(
      event({ statusCode: 200, headers: { etag: { value: '"abc"' } }, cookies: {} }),
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toEqual({ etag: { value: '"abc"' } });
  });

  it.each(['200', '301', '500', '41', '4100', 'gone'])(
    'ignores http-status %s, which is not a 4xx',
    (value) => {
      const answer = viewerResponse(
        event({ statusCode: 200, headers: { [STATUS_HEADER]: { value } }, cookies: {} }),
      );
      expect(answer.statusCode).toBe(200);
    },
  );

  it('keeps a 304 a 304: the reader revalidated the copy it has', () => {
    const answer = viewerResponse(
      event({ statusCode: 304, headers: { [STATUS_HEADER]: { value: '410' } }, cookies: {} }),
    );
    expect(answer.statusCode).toBe(304);
  });

  it('drops every x-amz-meta-* header: object metadata is not for readers', () => {
    const answer = viewerResponse(
      event({
        statusCode: 200,
        headers: {
          [STATUS_HEADER]: { value: '410' },
          'x-amz-meta-content-sha256': { value: 'deadbeef' },
          'cache-control': { value: 'public, max-age=60' },
        },
        cookies: {},
      }),
    );
    expect(Object.keys(answer.headers)).toEqual(['cache-control']);
  });
});

describe('API viewer request', () => {
  const DELIVERY = '/v1/partners/acme/articles';

  function apiRequest(method: string, uri: string, headers: Headers = {}): ViewerRequest {
    return {
      method,
      uri,
      querystring: {},
      headers: { host: { value: 'news.example' }, ...headers },
      cookies: {},
    };
  }

  function declaring(length: number | string, method = 'POST', uri = DELIVERY): ViewerRequest {
    return apiRequest(method, uri, {
      'content-type': { value: 'application/json' },
      'content-length': { value: String(length) },
    });
  }

  /** What the ingest itself answers a body of `length` bytes at `uri` (it refuses before reading it). */
  async function ingestAnswer(length: number, uri: string) {
    const refusal = await ingestDelivery(
      { partnerId: 'acme', contentType: 'application/json', headers: {}, body: new Uint8Array(length) },
      {} as IngestDependencies,
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    return toProblemResponse(refusal, uri);
  }

  it("holds the limit the ingest holds: the script's constant is shared/ingest's MAX_DELIVERY_BYTES", () => {
    const source = readFileSync(CLOUDFRONT_FUNCTION_SOURCES.apiViewerRequest, 'utf8');
    expect(runInNewContext(`${source}\n;MAX_DELIVERY_BYTES`, {})).toBe(MAX_DELIVERY_BYTES);
  });

  it('answers a delivery declaring one byte over 5.5 MiB with the very problem the ingest answers', async () => {
    const answer = apiViewerRequest({ request: declaring(MAX_DELIVERY_BYTES + 1) }) as ViewerResponse;
    const ingest = await ingestAnswer(MAX_DELIVERY_BYTES + 1, DELIVERY);
    expect(answer.statusCode).toBe(413);
    expect(answer.statusCode).toBe(ingest.statusCode);
    expect(answer.headers).toEqual({ 'content-type': { value: ingest.headers['content-type'] } });
    expect(answer.body?.encoding).toBe('text');
    expect(JSON.parse(answer.body?.data ?? '')).toEqual(JSON.parse(ingest.body));
    expect(JSON.parse(ingest.body)).toMatchObject({
      type: '/problems/payload-too-large',
      instance: DELIVERY,
    });
  });

  it("answers 413 for a declared length far past API Gateway's 10 MB too", () => {
    const answer = apiViewerRequest({ request: declaring(50 * 1024 * 1024) }) as ViewerResponse;
    expect(answer.statusCode).toBe(413);
  });

  it('passes a delivery of exactly 5.5 MiB on to the API unchanged', () => {
    const request = declaring(MAX_DELIVERY_BYTES);
    expect(apiViewerRequest({ request })).toEqual(declaring(MAX_DELIVERY_BYTES));
  });

  it('passes a delivery that declares no length (chunked) on: no body is visible here to count', () => {
    const chunked = apiRequest('POST', DELIVERY, { 'transfer-encoding': { value: 'chunked' } });
    expect(apiViewerRequest({ request: chunked })).toEqual(chunked);
  });

  it('passes a length that is not a number on, for API Gateway to refuse', () => {
    expect(apiViewerRequest({ request: declaring('6e6') })).toEqual(declaring('6e6'));
  });

  it.each([
    ['PATCH', '/v1/articles/01J0ARTICLE'],
    ['POST', '/v1/republish'],
    ['GET', DELIVERY],
    ['POST', `${DELIVERY}/extra`],
  ])(
    'leaves %s %s to the API, whatever its length: only deliveries carry the 5.5 MiB limit',
    (method, uri) => {
      const request = declaring(MAX_DELIVERY_BYTES + 1, method, uri);
      expect(apiViewerRequest({ request })).toEqual(declaring(MAX_DELIVERY_BYTES + 1, method, uri));
    },
  );
});
