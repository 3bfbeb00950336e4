import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureBucket, ensureTableWithoutStream } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { DynamoDbSiteObjectHashes } from '../../shared/adapters/dynamodb/dynamodb-site-object-hashes';
import { S3SiteBucket } from '../../shared/adapters/s3/s3-site-bucket';
import type { SiteObject } from '../../shared/ports/site-bucket';
import type { SiteObjectHashes } from '../../shared/ports/site-object-hashes';
import { publishChanges } from '../../shared/publish/publish-changes';
import { dropTable } from '../support/drop-table';
import { RequestCounter } from '../support/request-counter';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';

const name = `hashes-${randomUUID().slice(0, 8)}`;
const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
const s3 = new S3Client({ ...LOCAL_AWS, endpoint: inject('s3Endpoint'), forcePathStyle: true });
const hashes = new DynamoDbSiteObjectHashes({ client: dynamodb, tableName: name });

/** The hash record, with a switch that loses the next `record` as a crash after the PUTs would. */
class LosingHashes implements SiteObjectHashes {
  loseNextRecord = false;
  read(keys: readonly string[]) {
    return hashes.read(keys);
  }
  async record(entries: ReadonlyMap<string, string>) {
    if (this.loseNextRecord) {
      this.loseNextRecord = false;
      throw new Error('the worker died before recording its hashes');
    }
    await hashes.record(entries);
  }
  forget(keys: readonly string[]) {
    return hashes.forget(keys);
  }
}
const losing = new LosingHashes();
const requests = new RequestCounter();
requests.attach(dynamodb, s3);
/** What `action` gave, and the HEADs and PUTs it sent to the bucket. */
async function withBucketRequests<T>(
  action: () => Promise<T>,
): Promise<{ result: T; heads: number; puts: number }> {
  requests.reset();
  const result = await action();
  const counts = requests.snapshot();
  return { result, heads: counts['s3.HeadObjectCommand'] ?? 0, puts: counts['s3.PutObjectCommand'] ?? 0 };
}
const bucket = new S3SiteBucket({ client: s3, bucketName: name, hashes: losing });

const page = (key: string, body: string): SiteObject => ({
  key,
  body,
  contentType: 'text/html; charset=utf-8',
  cacheControl: 'max-age=60',
});

async function stored(key: string): Promise<string | undefined> {
  try {
    const output = await s3.send(new GetObjectCommand({ Bucket: name, Key: key }));
    return await output.Body?.transformToString('utf-8');
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

beforeAll(async () => {
  await ensureTableWithoutStream(dynamodb, name);
  await ensureBucket(s3, name);
});
afterAll(async () => {
  dynamodb.destroy();
  s3.destroy();
  await dropTable(name);
});

describe('content hashes kept in the table', () => {
  it('skip an unchanged object and write a changed one, a batch at a time', async () => {
    expect(await bucket.putAll([page('a.html', 'one'), page('b.html', 'two')])).toEqual([
      'written',
      'written',
    ]);
    expect(await bucket.putAll([page('a.html', 'one'), page('b.html', 'three')])).toEqual([
      'unchanged',
      'written',
    ]);
    expect(await stored('b.html')).toBe('three');
  });

  it('cost a rewrite, never a stale object, when the record of a write is lost', async () => {
    await bucket.put(page('c.html', 'first'));
    losing.loseNextRecord = true;
    await expect(bucket.put(page('c.html', 'second'))).rejects.toThrow(/recording its hashes/);
    expect(await stored('c.html')).toBe('second');
    // Back to the bytes last recorded: the record must not claim the bucket still holds them.
    expect(await bucket.put(page('c.html', 'first'))).toBe('written');
    expect(await stored('c.html')).toBe('first');
  });

  it('forget a deleted object, so the same bytes put again are written', async () => {
    await bucket.put(page('d.html', 'kept'));
    await bucket.delete('d.html');
    expect(await stored('d.html')).toBeUndefined();
    expect(await bucket.put(page('d.html', 'kept'))).toBe('written');
    expect(await stored('d.html')).toBe('kept');
  });

  it('are checked against the bucket itself by a rebuild, which writes again what was removed behind their back', async () => {
    await bucket.putAll([page('e.html', 'kept'), page('f.html', 'kept')]);
    await s3.send(new DeleteObjectCommand({ Bucket: name, Key: 'e.html' }));
    // A publish trusts the table and cannot see the removal...
    expect(await bucket.putAll([page('e.html', 'kept')])).toEqual(['unchanged']);
    expect(await stored('e.html')).toBeUndefined();
    // ...a rebuild looks, writes the missing one, and leaves the one the bucket holds alone.
    expect(await bucket.putAll([page('e.html', 'kept'), page('f.html', 'kept')], { verify: true })).toEqual([
      'written',
      'unchanged',
    ]);
    expect(await stored('e.html')).toBe('kept');
  });

  it('spare a rebuild the HEAD of an object whose bytes changed: it is written whatever the bucket holds', async () => {
    await bucket.putAll([page('g.html', 'old'), page('h.html', 'kept')]);
    // A new template: g changes, h does not. Only h, which the table calls current, is asked about.
    expect(
      await withBucketRequests(() =>
        bucket.putAll([page('g.html', 'new'), page('h.html', 'kept')], { verify: true }),
      ),
    ).toEqual({ result: ['written', 'unchanged'], heads: 1, puts: 1 });
    expect(await stored('g.html')).toBe('new');
  });

  it('cost a rebuild one rewrite of the same bytes when the table has forgotten them, and then know them', async () => {
    await bucket.putAll([page('i.html', 'kept')]);
    await hashes.forget(['i.html']);
    expect(await bucket.putAll([page('i.html', 'kept')], { verify: true })).toEqual(['written']);
    expect((await hashes.read(['i.html'])).get('i.html')).toBeDefined();
    expect(await withBucketRequests(() => bucket.putAll([page('i.html', 'kept')]))).toEqual({
      result: ['unchanged'],
      heads: 0,
      puts: 0,
    });
  });
});

describe('publishing one new article', () => {
  let run: TestContext;
  beforeAll(async () => {
    run = await startTestContext();
    const archive = [];
    for (let index = 0; index < 12; index++)
      archive.push(
        await storeArticle(run.context, index, new Date(Date.UTC(2024, 0, 1, 0, index)).toISOString()),
      );
    await publishChanges(
      archive.map((article) => ({ articleId: article.articleId })),
      run.context,
    );
  });
  afterAll(() => run.stop());

  it('costs at most 30 requests, no HEAD among them, and writes the 14 objects it changes', async () => {
    const added = await storeArticle(run.context, 12, new Date(Date.UTC(2024, 0, 1, 1)).toISOString());
    run.counter.reset();
    const report = await publishChanges([{ articleId: added.articleId }], run.context);
    const requests = run.counter.snapshot();
    const total = Object.values(requests).reduce((sum, n) => sum + n, 0);
    expect(total, JSON.stringify(requests)).toBeLessThanOrEqual(30);
    expect(requests['s3.HeadObjectCommand']).toBeUndefined();
    // Its page and data, its older neighbour's, three feeds in three formats, the index.
    expect(report.written).toHaveLength(14);
    expect(requests['s3.PutObjectCommand']).toBe(14);
    expect(await run.read('articles/article-11.html')).toContain('article-12');
  });
});
