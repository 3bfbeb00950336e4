import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publication } from '../../shared/domain/article';
import type { SiteBucket, SiteObject } from '../../shared/ports/site-bucket';
import { publishChanges } from '../../shared/publish/publish-changes';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** True when `owner` could take the lease now: nobody else holds an unexpired one. */
async function leaseIsFree(run: TestContext, owner: string): Promise<boolean> {
  const taken = await run.context.lock.acquire(owner, 60_000);
  if (taken) await run.context.lock.release(owner);
  return taken;
}

describe('a publish’s first read: the changed heads and the feed list together (decision 0056)', () => {
  let run: TestContext;
  beforeAll(async () => {
    run = await startTestContext();
  });
  afterAll(() => run.stop());

  it('is one BatchGetItem, where the feed list took a GetItem of its own', async () => {
    const first = await storeArticle(run.context, 0, minutes(0));
    await publishChanges([{ articleId: first.articleId }], run.context);
    const second = await storeArticle(run.context, 1, minutes(1));
    run.counter.reset();
    await publishChanges([{ articleId: second.articleId }], run.context);
    const requests = run.counter.snapshot();
    expect(requests['dynamodb.GetItemCommand'], JSON.stringify(requests)).toBeUndefined();
    // The changed head with the feed list, then every head the pages and feeds show, then the hashes.
    expect(requests['dynamodb.BatchGetItemCommand']).toBe(3);
    const feed = JSON.parse(await run.read('feeds/feed.json')) as { items: { title: string }[] };
    expect(feed.items.map((item) => item.title)).toEqual(['Article 1', 'Article 0']);
  });

  it('gives the heads in the order asked, leaves out the missing, and the feed list as feedCatalog reads it', async () => {
    const stored = [];
    for (let index = 10; index < 160; index++)
      stored.push((await storeArticle(run.context, index, minutes(index))).articleId);
    const asked = ['missing-article', ...stored.reverse()];
    run.counter.reset();
    const { articles, catalog } = await run.context.store.getArticlesWithFeedCatalog(asked);
    // 150 heads and the feed list: a hundred keys, then the other 51.
    expect(run.counter.snapshot()).toEqual({ 'dynamodb.BatchGetItemCommand': 2 });
    expect(articles.map((article) => article.articleId)).toEqual(stored);
    expect(catalog).toEqual(await run.context.store.feedCatalog());
    expect(catalog.scopes).toEqual(['language#ar', 'partner#almadar']);
    expect(catalog.newestSeals.get('site')).toBeNull();
  });

  it('is an empty feed list on a table that has none yet', async () => {
    const fresh = await startTestContext();
    try {
      const { articles, catalog } = await fresh.context.store.getArticlesWithFeedCatalog(['nobody']);
      expect(articles).toEqual([]);
      expect(catalog).toEqual({ scopes: [], newestSeals: new Map() });
    } finally {
      await fresh.stop();
    }
  });
});

describe('the publish lease, given back with the batch’s last write (decision 0056)', () => {
  let run: TestContext;
  let index = 0;
  beforeAll(async () => {
    run = await startTestContext();
  });
  afterAll(() => run.stop());

  it('is released by the transaction that records the batch: no request of its own', async () => {
    const article = await storeArticle(run.context, index++, minutes(index));
    run.counter.reset();
    await publishChanges([{ articleId: article.articleId }], run.context);
    const requests = run.counter.snapshot();
    expect(requests['dynamodb.DeleteItemCommand'], JSON.stringify(requests)).toBeUndefined();
    expect(requests['dynamodb.TransactWriteItemsCommand']).toBe(1);
    expect(await leaseIsFree(run, 'next-publisher')).toBe(true);
    expect(await run.context.store.getPublication(article.articleId)).toMatchObject({ state: 'published' });
  });

  it('is released by the lock when the store did not give it back with its last write', async () => {
    const article = await storeArticle(run.context, index++, minutes(index));
    // A store that records the batch but holds no lease: it ignores the release and says so.
    const store = new Proxy(run.context.store, {
      get(target, property) {
        if (property === 'markRenderedAll')
          return async (publications: Publication[]) => {
            await target.markRenderedAll(publications);
            return false;
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    run.counter.reset();
    await publishChanges([{ articleId: article.articleId }], { ...run.context, store });
    expect(run.counter.snapshot()['dynamodb.DeleteItemCommand']).toBe(1);
    expect(await leaseIsFree(run, 'next-publisher')).toBe(true);
  });

  it('is released all the same when the batch fails before its last write', async () => {
    const article = await storeArticle(run.context, index++, minutes(index));
    const failing: SiteBucket = {
      ...run.context.bucket,
      put: async () => {
        throw new Error('bucket unavailable');
      },
      putAll: undefined,
    };
    await expect(
      publishChanges([{ articleId: article.articleId }], { ...run.context, bucket: failing }),
    ).rejects.toThrow('bucket unavailable');
    expect(await leaseIsFree(run, 'next-publisher')).toBe(true);
    expect(await run.context.store.countPendingPublishes()).toBe(1);
    await publishChanges([{ articleId: article.articleId }], run.context);
    expect(await run.context.store.countPendingPublishes()).toBe(0);
  });

  it('is left to the publisher that took it over when ours lapsed, and the batch is still recorded', async () => {
    const article = await storeArticle(run.context, index++, minutes(index));
    let tookOver = false;
    // Our lease lasts 1 ms; while we write, another publisher takes the lapsed lease.
    const slow: SiteBucket = {
      ...run.context.bucket,
      put: async (object: SiteObject) => {
        if (!tookOver) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          tookOver = await run.context.lock.acquire('successor', 60_000);
        }
        return run.context.bucket.put(object);
      },
      putAll: undefined,
    };
    await publishChanges([{ articleId: article.articleId }], {
      ...run.context,
      bucket: slow,
      lockTtlMs: 1,
    });
    expect(tookOver).toBe(true);
    expect(await leaseIsFree(run, 'third-publisher')).toBe(false);
    expect(await run.context.store.getPublication(article.articleId)).toMatchObject({ state: 'published' });
    expect(await run.context.store.countPendingPublishes()).toBe(0);
    await run.context.lock.release('successor');
  });

  it('takes a transaction of its own when the last one of a large batch is full', async () => {
    const publications: Publication[] = [];
    for (let n = 0; n < 50; n++) {
      const article = await storeArticle(run.context, index++, minutes(index));
      publications.push({
        articleId: article.articleId,
        state: 'published',
        revision: 1,
        renderedSeq: article.changeSeq,
        renderedAt: new Date().toISOString(),
      });
    }
    expect(await run.context.lock.acquire('batch-owner', 60_000)).toBe(true);
    run.counter.reset();
    await run.context.store.markRenderedAll(publications, { releasingLeaseOf: 'batch-owner' });
    // Fifty records and fifty markers fill one transaction (100 items); the release is a second.
    expect(run.counter.snapshot()).toEqual({ 'dynamodb.TransactWriteItemsCommand': 2 });
    expect(await leaseIsFree(run, 'next-publisher')).toBe(true);
    expect(await run.context.store.countPendingPublishes()).toBe(0);
  });
});
