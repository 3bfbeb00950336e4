import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findTear } from '../../local/cdn/find-tear';

describe('findTear', () => {
  const body = Buffer.from('The quick brown fox jumps over the lazy dog');
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;

  it('accepts a body of the declared length whose MD5 is the ETag', () => {
    expect(findTear('k', body, { contentLength: body.length, etag })).toBeUndefined();
  });

  it('names a short body, a body of another version, and an answer without an ETag', () => {
    expect(findTear('k', body.subarray(1), { contentLength: body.length, etag })?.reason).toBe('length');
    expect(
      findTear('k', Buffer.from(body).fill(65, 0, 1), { contentLength: body.length, etag })?.reason,
    ).toBe('digest');
    expect(findTear('k', body, { contentLength: body.length })?.reason).toBe('no-etag');
  });

  it('checks a multipart-style ETag by length alone', () => {
    const multipart = '"0123456789abcdef0123456789abcdef-3"';
    expect(findTear('k', body, { contentLength: body.length, etag: multipart })).toBeUndefined();
    expect(findTear('k', body.subarray(2), { contentLength: body.length, etag: multipart })?.reason).toBe(
      'length',
    );
  });
});
