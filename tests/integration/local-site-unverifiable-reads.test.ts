import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { createLocalHttpServer } from '../../local/http-server';
import { LOCAL_AWS } from '../../local/local-credentials';

/** Far beyond the read policy below: a fetch still open after this has hung. */
const HANG_BOUND_MS = 15_000;
const BODY = '<p>the whole object</p>';

function quotedMd5(body: string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/**
 * An S3 endpoint that misbehaves the ways s3rver does during a rewrite, one behaviour per key,
 * so the local server's verification and timeouts can be shown deterministically.
 */
function misbehavingS3(): Server {
  const reads = new Map<string, number>();
  return createServer((request, response) => {
    const key = decodeURIComponent((request.url ?? '').split('?')[0] ?? '').replace(/^\/[^/]+\//, '');
    const count = (reads.get(key) ?? 0) + 1;
    reads.set(key, count);
    const answer = (body: string, headers: Record<string, string>) => {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      });
      response.end(body);
    };
    switch (key) {
      case 'always-torn.html':
        return answer('<p>the whole obj', { etag: quotedMd5(BODY) });
      case 'always-hangs.html':
        return hang(response, BODY);
      case 'torn-then-whole.html':
        if (count <= 2)
          return count === 1 ? hang(response, BODY) : answer('<p>the', { etag: quotedMd5(BODY) });
        return answer(BODY, { etag: quotedMd5(BODY) });
      case 'multipart.html':
        return answer(BODY, { etag: '"0123456789abcdef0123456789abcdef-2"' });
      default:
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end('<Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
    }
  });
}

/** Declares the whole body's length, sends a part of it, and never ends: what a torn s3rver read does. */
function hang(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    etag: quotedMd5(body),
  });
  response.write(body.slice(0, 5));
}

describe('the local site when an object never reads whole', () => {
  let s3Server: Server;
  let s3: S3Client;
  let site: Server;
  let siteUrl: string;

  beforeAll(async () => {
    s3Server = misbehavingS3();
    await new Promise<void>((resolve) => s3Server.listen(0, '127.0.0.1', resolve));
    const { port: s3Port } = s3Server.address() as AddressInfo;
    s3 = new S3Client({ ...LOCAL_AWS, endpoint: `http://127.0.0.1:${s3Port}`, forcePathStyle: true });
    site = createLocalHttpServer({
      routes: [],
      s3,
      bucketName: 'site',
      objectReadPolicy: {
        attempts: 4,
        attemptTimeoutMs: 300,
        deadlineMs: 3_000,
        firstBackoffMs: 5,
        maxBackoffMs: 20,
      },
      health: async () => ({ status: 'ok' }),
      logger: new Logger({ serviceName: 'syndication-test', logLevel: 'CRITICAL' }),
    });
    const port = await freePort();
    await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    site?.closeAllConnections();
    s3Server?.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => site?.close(resolve)),
      new Promise((resolve) => s3Server?.close(resolve)),
    ]);
    s3?.destroy();
  });

  async function fetchSite(path: string): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await fetch(`${siteUrl}${path}`, { signal: AbortSignal.timeout(HANG_BOUND_MS) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  it('answers 503 with Retry-After and a problem, never the torn body, when no read matches its ETag', async () => {
    const answer = await fetchSite('/always-torn.html');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ type: '/problems/object-unavailable', status: 503 });
    expect(answer.text).not.toContain('the whole obj');
  });

  it('cuts off reads the S3 server never finishes, and answers 503 instead of hanging', async () => {
    const answer = await fetchSite('/always-hangs.html');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
  });

  it('retries a hung and a torn read and serves the whole object once a read verifies', async () => {
    const answer = await fetchSite('/torn-then-whole.html');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(BODY);
    expect(answer.headers.get('etag')).toBe(quotedMd5(BODY));
  });

  it('checks a multipart-style ETag by length only, as it is not an MD5 of the body', async () => {
    const answer = await fetchSite('/multipart.html');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(BODY);
  });

  it('answers a missing key with 404 at once, without a 404.html to read', async () => {
    const answer = await fetchSite('/nothing.html');
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('href="/"');
  });
});
