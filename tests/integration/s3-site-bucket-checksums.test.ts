import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureBucket } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { S3SiteBucket } from '../../shared/adapters/s3/s3-site-bucket';

const name = `checksums-${randomUUID().slice(0, 8)}`;
const s3 = new S3Client({ ...LOCAL_AWS, endpoint: inject('s3Endpoint'), forcePathStyle: true });
/** The headers of every request as it leaves the client: built, checksummed and signed. */
const sent: Record<string, string>[] = [];
s3.middlewareStack.add(
  (next) => (args) => {
    sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
    return next(args);
  },
  { step: 'deserialize', name: 'recordSentHeaders' },
);
const bucket = new S3SiteBucket({ client: s3, bucketName: name });

beforeAll(async () => {
  await ensureBucket(s3, name);
});

afterAll(() => {
  s3.destroy();
});

describe('a PUT of the site bucket', () => {
  it('hashes the body once: S3 checks its SHA-256, the signature carries the same, and no CRC32 is made', async () => {
    const body = `<!DOCTYPE html><p lang="ar" dir="rtl">${'مرحبا بالعالم '.repeat(2_000)}</p>`;
    sent.length = 0;
    expect(
      await bucket.put({
        key: 'articles/hello.html',
        body,
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'max-age=60',
      }),
    ).toBe('written');

    const digest = createHash('sha256').update(body).digest();
    const put = sent.find((headers) => headers['x-amz-checksum-sha256'] !== undefined);
    expect(put).toMatchObject({
      'x-amz-checksum-sha256': digest.toString('base64'),
      'x-amz-content-sha256': digest.toString('hex'),
      'x-amz-sdk-checksum-algorithm': 'SHA256',
    });
    expect(Object.keys(put ?? {}).filter((header) => header.startsWith('x-amz-checksum-'))).toEqual([
      'x-amz-checksum-sha256',
    ]);
    expect(put?.authorization).toMatch(/^AWS4-HMAC-SHA256 /);

    const object = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'articles/hello.html' }));
    expect(await object.Body?.transformToString('utf-8')).toBe(body);
  });
});
