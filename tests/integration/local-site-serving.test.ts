import { createHash } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, TestPipeline } from '../support/test-pipeline';

const PAGE_KEY = 'articles/served.html';
const PAGE_BODY = '<!doctype html><title>Served</title><p>A page as published.</p>\n';
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300';

function quotedMd5(body: string | Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function shiftedHttpDate(httpDate: string, seconds: number): string {
  return new Date(Date.parse(httpDate) + seconds * 1000).toUTCString();
}

describe('the local site serves objects as CloudFront does', () => {
  let stack: TestPipeline;
  let etag: string;
  let lastModified: string;

  async function put(
    key: string,
    body: string | Buffer,
    options: { contentType?: string; cacheControl?: string; metadata?: Record<string, string> } = {},
  ): Promise<void> {
    await stack.pipeline.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucketName,
        Key: key,
        Body: body,
        ContentType: options.contentType ?? 'text/html; charset=utf-8',
        CacheControl: options.cacheControl ?? PAGE_CACHE,
        Metadata: options.metadata,
      }),
    );
  }

  async function remove(key: string): Promise<void> {
    await stack.pipeline.clients.s3.send(new DeleteObjectCommand({ Bucket: stack.bucketName, Key: key }));
  }

  function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return stack.request('GET', path, { headers });
  }

  beforeAll(async () => {
    stack = await TestPipeline.start();
    await put(PAGE_KEY, PAGE_BODY);
    const first = await get(`/${PAGE_KEY}`);
    etag = first.headers.get('etag') ?? '';
    lastModified = first.headers.get('last-modified') ?? '';
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('whole objects with their headers', () => {
    it('answers a GET with the stored body, type, cache policy, ETag, Last-Modified and length', async () => {
      const answer = await get(`/${PAGE_KEY}`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(PAGE_BODY);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe(PAGE_CACHE);
      expect(answer.headers.get('etag')).toBe(quotedMd5(PAGE_BODY));
      expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(PAGE_BODY)));
      expect(Number.isNaN(Date.parse(answer.headers.get('last-modified') ?? ''))).toBe(false);
    });

    it('answers a HEAD with the same headers and no body', async () => {
      const getAnswer = await get(`/${PAGE_KEY}`);
      const headAnswer = await stack.request('HEAD', `/${PAGE_KEY}`);
      expect(headAnswer.status).toBe(200);
      expect(headAnswer.text).toBe('');
      for (const name of ['content-type', 'cache-control', 'etag', 'last-modified', 'content-length']) {
        expect(headAnswer.headers.get(name), name).toBe(getAnswer.headers.get(name));
      }
    });

    it('serves /favicon.ico as the object the publisher wrote, byte for byte', async () => {
      const icon = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0xff, 0x80]);
      await put('favicon.ico', icon, { contentType: 'image/x-icon', cacheControl: 'public, max-age=3600' });
      const response = await fetch(`${stack.url}/favicon.ico`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/x-icon');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(icon);
    });
  });

  describe('conditional requests', () => {
    async function expectNotModified(headers: Record<string, string>, method = 'GET'): Promise<void> {
      const answer = await stack.request(method, `/${PAGE_KEY}`, { headers });
      expect(answer.status).toBe(304);
      expect(answer.text).toBe('');
      expect(answer.headers.get('etag')).toBe(etag);
      expect(answer.headers.get('cache-control')).toBe(PAGE_CACHE);
      expect(answer.headers.get('last-modified')).toBe(lastModified);
    }

    async function expectWhole(headers: Record<string, string>): Promise<void> {
      const answer = await get(`/${PAGE_KEY}`, headers);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(PAGE_BODY);
    }

    it('answers If-None-Match with the strong ETag with 304 and the validators', async () => {
      await expectNotModified({ 'if-none-match': etag });
    });

    it('compares weakly: W/ before the ETag still matches', async () => {
      await expectNotModified({ 'if-none-match': `W/${etag}` });
    });

    it('finds the ETag in a comma-separated list, and answers 200 when the list does not hold it', async () => {
      await expectNotModified({ 'if-none-match': `"0123", W/"a,b", ${etag}, "4567"` });
      await expectWhole({ 'if-none-match': '"0123", W/"a,b", "4567"' });
    });

    it('answers If-None-Match: * with 304, since the object exists', async () => {
      await expectNotModified({ 'if-none-match': '*' });
    });

    it('answers a HEAD with If-None-Match as a GET: 304 with the validators', async () => {
      await expectNotModified({ 'if-none-match': etag }, 'HEAD');
    });

    it('answers If-Modified-Since at or after Last-Modified with 304, and before it with 200', async () => {
      await expectNotModified({ 'if-modified-since': lastModified });
      await expectNotModified({ 'if-modified-since': shiftedHttpDate(lastModified, 3600) });
      await expectWhole({ 'if-modified-since': shiftedHttpDate(lastModified, -1) });
    });

    it('ignores an If-Modified-Since that is not a date', async () => {
      await expectWhole({ 'if-modified-since': 'yesterday' });
    });

    it('lets If-None-Match decide when both are sent (RFC 9110)', async () => {
      await expectWhole({
        'if-none-match': '"other"',
        'if-modified-since': shiftedHttpDate(lastModified, 3600),
      });
      await expectNotModified({
        'if-none-match': etag,
        'if-modified-since': shiftedHttpDate(lastModified, -3600),
      });
    });

    it('evaluates against the object as it is now: after a rewrite the old ETag gets the new body', async () => {
      const key = 'articles/rewritten-once.html';
      await put(key, '<p>first</p>');
      const before = await get(`/${key}`);
      await put(key, '<p>second, longer</p>');
      const after = await get(`/${key}`, { 'if-none-match': before.headers.get('etag') ?? '' });
      expect(after.status).toBe(200);
      expect(after.text).toBe('<p>second, longer</p>');
      expect(after.headers.get('etag')).toBe(quotedMd5('<p>second, longer</p>'));
    });
  });

  describe('missing and removed pages', () => {
    it('answers a missing key with 404 and a built-in page linking home while 404.html is not published', async () => {
      await remove('404.html');
      const answer = await get('/articles/never-published.html');
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const document = parseDocument(answer.text);
      const home = findOne(
        (node) => node.name === 'a' && getAttributeValue(node, 'href') === '/',
        document.children,
      );
      expect(home).not.toBeNull();
      const title = findOne((node) => node.name === 'title', document.children);
      expect(title && textContent(title)).toBe('Page not found');
    });

    it('answers a missing /favicon.ico and a HEAD of a missing key with 404 too, the HEAD without a body', async () => {
      await remove('favicon.ico');
      expect((await get('/favicon.ico')).status).toBe(404);
      const head = await stack.request('HEAD', '/articles/never-published.html');
      expect(head.status).toBe(404);
      expect(head.text).toBe('');
    });

    it("answers a missing key with the bucket's own 404.html, its stored type, not cached", async () => {
      const page = '<!doctype html><html lang="en"><title>Lost</title><a href="/">Home</a></html>\n';
      await put('404.html', page, { contentType: 'text/html; charset=utf-8', cacheControl: PAGE_CACHE });
      const answer = await get('/articles/never-published.html', { 'if-none-match': '*' });
      expect(answer.status).toBe(404);
      expect(answer.text).toBe(page);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it('answers an object stored with http-status 410 with 410 and its body, whatever the preconditions', async () => {
      const removed = '<!doctype html><title>Removed</title><p>This article was taken down.</p>\n';
      await put('articles/taken-down.html', removed, { metadata: { 'http-status': '410' } });
      const answer = await get('/articles/taken-down.html');
      expect(answer.status).toBe(410);
      expect(answer.text).toBe(removed);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');

      const conditional = await get('/articles/taken-down.html', { 'if-none-match': quotedMd5(removed) });
      expect(conditional.status).toBe(410);
      expect(conditional.text).toBe(removed);

      const head = await stack.request('HEAD', '/articles/taken-down.html');
      expect(head.status).toBe(410);
      expect(head.text).toBe('');
    });
  });
});
