import { afterAll, describe, expect, it } from 'vitest';
import { publishChanges } from '../../shared/publish/publish-changes';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { startTestContext, storeArticle } from '../support/test-context';

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** Stores `size` articles a minute apart, eight at a time. */
async function seedArchive(context: PipelineContext, size: number): Promise<void> {
  for (let start = 0; start < size; start += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, size - start) }, (_, offset) =>
        storeArticle(context, start + offset, minutes(start + offset)),
      ),
    );
  }
}

/** Publishes the newest of an archive, then measures publishing one more article after it. */
async function measureOnePublish(size: number) {
  const run = await startTestContext();
  try {
    await seedArchive(run.context, size);
    await publishChanges([{ articleId: `a${String(size - 1).padStart(20, '0')}` }], run.context);
    const added = await storeArticle(run.context, size, minutes(size));
    run.counter.reset();
    const report = await publishChanges([{ articleId: added.articleId }], run.context);
    // Name the two articles by role, so runs at different sizes compare.
    const written = report.written
      .map((key) =>
        key
          .replace(`article-${size}.`, 'article-NEW.')
          .replace(`article-${size - 1}.`, 'article-PREVIOUS.')
          // The open RFC 5005 archive: 2 after 100 articles, 40 after 2,000 (decision 0044).
          .replace(/\/archive\/\d+\//, '/archive/OPEN/'),
      )
      .sort();
    return { requests: run.counter.snapshot(), written };
  } finally {
    await run.stop();
  }
}

describe('bounded work', () => {
  it('costs the same requests to publish one article into 100 or 2,000, and writes only what changed', async () => {
    const small = await measureOnePublish(100);
    const large = await measureOnePublish(2000);
    expect(large.requests).toEqual(small.requests);
    expect(large.written).toEqual(small.written);
    // The new page and data, its older neighbour's (whose "next" link changed), the feeds it joined, the
    // index, and each feed's open archive, which the 51st newest article entered: no sealed archive.
    expect(large.written).toEqual(
      [
        'articles/article-NEW.html',
        'articles/article-NEW.json',
        'articles/article-PREVIOUS.html',
        'articles/article-PREVIOUS.json',
        'index.html',
        ...['feeds', 'feeds/partners/almadar', 'feeds/languages/ar'].flatMap((scope) => [
          `${scope}/rss.xml`,
          `${scope}/atom.xml`,
          `${scope}/feed.json`,
          `${scope}/archive/OPEN/rss.xml`,
          `${scope}/archive/OPEN/atom.xml`,
          `${scope}/archive/OPEN/feed.json`,
        ]),
      ].sort(),
    );
  }, 240_000);
});

describe('a batch that seals archives', () => {
  it('asks no archive partition where its articles are: each is in an archive it sealed itself, or newer', async () => {
    const run = await startTestContext();
    try {
      await seedArchive(run.context, 100);
      await publishChanges(
        Array.from({ length: 100 }, (_, index) => ({ articleId: `a${String(index).padStart(20, '0')}` })),
        run.context,
      );
      const sealedBefore = (await run.context.store.feedCatalog()).newestSeals.get('site')?.number ?? 0;
      const added = [];
      for (let index = 100; index < 300; index++)
        added.push(await storeArticle(run.context, index, minutes(index)));
      run.counter.reset();
      await publishChanges(
        added.map((article) => ({ articleId: article.articleId })),
        run.context,
      );
      // 200 new articles sealed four archives of 50 in each feed...
      expect((await run.context.store.feedCatalog()).newestSeals.get('site')?.number).toBe(sealedBefore + 4);
      // ...and looked up where none of them is: it made two archive Queries per sealed article before (900).
      expect(run.counter.queried.filter((pk) => pk.startsWith('ARCHIVE#'))).toEqual([]);
    } finally {
      await run.stop();
    }
  }, 120_000);
});

describe('a change handed to the publisher twice', () => {
  it('keeps the record of its first render, as the at-least-once stream may repeat a change', async () => {
    const run = await startTestContext();
    try {
      const article = await storeArticle(run.context, 1, minutes(1));
      const renderAt = (instant: string) => ({ ...run.context, clock: () => new Date(instant) });
      await publishChanges([{ articleId: article.articleId }], renderAt('2024-01-02T00:00:00.000Z'));
      const first = await run.context.store.getPublication(article.articleId);
      expect(first).toMatchObject({
        state: 'published',
        renderedSeq: 1,
        renderedAt: '2024-01-02T00:00:00.000Z',
      });

      await publishChanges([{ articleId: article.articleId }], renderAt('2024-01-02T00:05:00.000Z'));
      expect(await run.context.store.getPublication(article.articleId)).toEqual(first);
    } finally {
      await run.stop();
    }
  });
});

describe('two publishers at once', () => {
  let stop: (() => void) | undefined;
  afterAll(() => stop?.());

  it('never leave a stale feed: the second waits for the first, then renders the newer state', async () => {
    const run = await startTestContext();
    stop = run.stop;
    const { context } = run;
    const first = await storeArticle(context, 1, minutes(1));

    // Publisher A reads the table, then is held before its first write.
    let releaseA!: () => void;
    const gate = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    let aHeld!: () => void;
    const aIsHeld = new Promise<void>((resolve) => {
      aHeld = resolve;
    });
    const order: string[] = [];
    const slowBucket = {
      ...context.bucket,
      put: async (object: Parameters<typeof context.bucket.put>[0]) => {
        aHeld();
        await gate;
        order.push(`A ${object.key}`);
        return context.bucket.put(object);
      },
      delete: (key: string) => context.bucket.delete(key),
    };
    const publisherA = publishChanges([{ articleId: first.articleId }], { ...context, bucket: slowBucket });
    await aIsHeld;

    // Meanwhile a second article arrives and publisher B runs.
    const second = await storeArticle(context, 2, minutes(2));
    const recordingBucket = {
      put: async (object: Parameters<typeof context.bucket.put>[0]) => {
        order.push(`B ${object.key}`);
        return context.bucket.put(object);
      },
      delete: (key: string) => context.bucket.delete(key),
    };
    // B's first try for the lease is refused while A holds it; only then is A let go.
    let refusedB!: () => void;
    const bWasRefused = new Promise<void>((resolve) => {
      refusedB = resolve;
    });
    const watchedLock = {
      acquire: async (owner: string, ttlMs: number) => {
        const taken = await context.lock.acquire(owner, ttlMs);
        if (!taken) refusedB();
        return taken;
      },
      release: (owner: string) => context.lock.release(owner),
    };
    const publisherB = publishChanges([{ articleId: second.articleId }], {
      ...context,
      bucket: recordingBucket,
      lock: watchedLock,
    });
    await bWasRefused;
    releaseA();
    await Promise.all([publisherA, publisherB]);

    // B wrote nothing until A had finished, and the feed holds both articles.
    const firstB = order.findIndex((entry) => entry.startsWith('B '));
    expect(order.slice(firstB).every((entry) => entry.startsWith('B '))).toBe(true);
    const feed = JSON.parse(await run.read('feeds/feed.json'));
    expect(feed.items.map((item: { title: string }) => item.title)).toEqual(['Article 2', 'Article 1']);
  });
});
