import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { orderChanges } from '../../shared/domain/order-entry';
import { NotFoundError } from '../../shared/errors/http-errors';
import { MAX_CHUNK_ATTEMPTS } from '../../shared/jobs/run-republish-chunk';
import type { PutOutcome, SiteBucket } from '../../shared/ports/site-bucket';
import { SiteUrls } from '../../shared/render/site-urls';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { plainText } from '../../shared/text/markup';
import { parseAllWithFeedparser } from '../support/feedparser';
import { HtmlDocument } from '../support/html-document';
import { DyingBucket, JobStack, seedArticles } from '../support/job-stack';

const stacks: JobStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
});

async function startStack(...args: Parameters<typeof JobStack.start>): Promise<JobStack> {
  const stack = await JobStack.start(...args);
  stacks.push(stack);
  return stack;
}

/** A deploy that changes the template: the site's name and the address it is served from. */
function changeTemplate(context: PipelineContext): void {
  context.site = { ...context.site, title: 'Renamed site' };
  context.urls = new SiteUrls('https://renamed.example');
}

/** The page's <title>, as a browser shows it. */
function pageTitle(html: string): string | undefined {
  return new HtmlDocument(html).texts('title')[0];
}

const FEED_FILES = ['rss.xml', 'atom.xml', 'feed.json'] as const;

/** Every key of a feed scope's three formats, e.g. `feeds/partners/almadar/`. */
const feedKeys = (prefix: string) => FEED_FILES.map((file) => `${prefix}${file}`);

describe('a republish job', { timeout: 120_000 }, () => {
  it('rebuilds every page, data document and feed of a few hundred articles after a template change', async () => {
    const stack = await startStack();
    const articles = await seedArticles(stack.context, { count: 300 });
    const withdrawn = await seedArticles(stack.context, { from: 300, count: 3, visibility: 'withdrawn' });
    await stack.published();
    changeTemplate(stack.context);

    const started = await stack.start({ kind: 'all' });
    expect(started).toMatchObject({ state: 'running', done: 0, scope: 'all', editor: 'test-editor' });
    const job = await stack.finished(started.jobId);
    expect(job.state).toBe('done');
    expect(job.done).toBe(job.total);

    for (const article of articles) {
      const page = await stack.read(`articles/${article.slug}.html`);
      expect(pageTitle(page ?? ''), article.slug).toBe(`${article.content.title} · Renamed site`);
      const data = JSON.parse((await stack.read(`articles/${article.slug}.json`)) ?? 'null');
      expect(data.url).toBe(`https://renamed.example/articles/${article.slug}.html`);
      for (const neighbour of [data.previous, data.next].filter(Boolean))
        expect(neighbour.url).toMatch(/^https:\/\/renamed\.example\/articles\//);
    }
    for (const article of withdrawn) {
      expect(await stack.read(`articles/${article.slug}.json`)).toBeUndefined();
      const removed = new HtmlDocument((await stack.read(`articles/${article.slug}.html`)) ?? '');
      expect(removed.text()).toContain('Renamed site');
    }

    const feedPrefixes = [
      ...new Set(
        (await stack.objectKeys())
          // The feeds themselves; their RFC 5005 archives (decision 0044) are rebuilt with them.
          .filter((key) => key.startsWith('feeds/') && !key.includes('/archive/'))
          .map((key) => key.slice(0, key.lastIndexOf('/') + 1)),
      ),
    ];
    // The site's, every registry partner's, and the language of the articles.
    expect(feedPrefixes).toEqual(
      expect.arrayContaining([
        'feeds/',
        'feeds/partners/almadar/',
        'feeds/partners/other-outlet/',
        'feeds/languages/en/',
      ]),
    );
    // Every article and every feed, once each.
    expect(job.total).toBe(303 + feedPrefixes.length);
    const xmlFeeds = await Promise.all(
      feedPrefixes
        .flatMap((prefix) => [`${prefix}rss.xml`, `${prefix}atom.xml`])
        .map(async (key) => (await stack.read(key)) ?? ''),
    );
    for (const feed of parseAllWithFeedparser(xmlFeeds)) {
      expect(feed.bozo).toBe(false);
      expect(feed.title?.value).toMatch(/^Renamed site/);
      for (const entry of feed.entries) {
        const hrefs = entry.links.map((link) => link.href);
        expect(hrefs.some((href) => href.startsWith('https://renamed.example/articles/'))).toBe(true);
        expect(hrefs.filter((href) => href.startsWith('https://news.example/'))).toEqual([]);
      }
    }
    for (const prefix of feedPrefixes) {
      const feed = JSON.parse((await stack.read(`${prefix}feed.json`)) ?? 'null');
      expect(feed.title).toMatch(/^Renamed site/);
      expect(feed.feed_url).toMatch(/^https:\/\/renamed\.example\//);
      for (const item of feed.items) expect(item.url).toMatch(/^https:\/\/renamed\.example\/articles\//);
    }
    expect(pageTitle((await stack.read('index.html')) ?? '')).toBe('Renamed site');
  }, 300_000);

  it('resumes where a worker that died stopped, and writes each object once', async () => {
    let dying: DyingBucket | undefined;
    const dyingOver = (bucket: SiteBucket) => {
      dying ??= new DyingBucket(bucket, 50);
      return dying;
    };
    const stack = await startStack({
      republisher: { chunkArticles: 20 },
      // The second chunk's worker dies after 10 of its 40 puts.
      republisherContext: (context) => ({
        ...context,
        bucket: dyingOver(context.bucket),
      }),
      // The stream retries the failed batch in a worker that lives.
      wrapRepublisher: (handler) => async (event) => {
        try {
          await handler(event);
        } catch (error) {
          dying?.revive();
          throw error;
        }
      },
    });
    const articles = await seedArticles(stack.context, { count: 60 });
    await stack.published();
    changeTemplate(stack.context);
    stack.counting.reset();

    const job = await stack.finished((await stack.start({ kind: 'all' })).jobId);
    expect(dying?.died).toBe(true);
    expect(job).toMatchObject({ state: 'done', done: job.total });

    const pages = articles.flatMap((article) => [
      `articles/${article.slug}.html`,
      `articles/${article.slug}.json`,
    ]);
    expect([...stack.counting.writes.keys()]).toEqual(expect.arrayContaining([...pages, 'index.html']));
    expect([...stack.counting.writes.values()].every((count) => count === 1)).toBe(true);
    // The dead chunk ran again (what it had written was found unchanged); no finished chunk did.
    const askedTwice = [...stack.counting.calls].filter(([, count]) => count > 1).map(([key]) => key);
    expect(askedTwice.length).toBeGreaterThan(0);
    expect(askedTwice.length).toBeLessThanOrEqual(20 * 2);
    expect([...stack.counting.calls.values()].every((count) => count <= 2)).toBe(true);
    for (const article of articles)
      expect(pageTitle((await stack.read(`articles/${article.slug}.html`)) ?? '')).toBe(
        `${article.content.title} · Renamed site`,
      );
  }, 120_000);

  it('with scope feeds rebuilds the feeds, the index and the furniture, and no article', async () => {
    const stack = await startStack();
    await seedArticles(stack.context, { count: 20 });
    await stack.published();
    changeTemplate(stack.context);
    stack.counting.reset();

    const job = await stack.finished((await stack.start({ kind: 'feeds' })).jobId);
    expect(job).toMatchObject({ state: 'done', done: job.total });
    const written = [...stack.counting.writes.keys()];
    expect(written.filter((key) => key.startsWith('articles/'))).toEqual([]);
    expect(written).toEqual(
      expect.arrayContaining([
        'index.html',
        '404.html',
        ...feedKeys('feeds/'),
        ...feedKeys('feeds/partners/almadar/'),
        ...feedKeys('feeds/languages/en/'),
      ]),
    );
  });

  it("with scope partner rebuilds that partner's articles and the feeds they are in, and nothing else", async () => {
    const stack = await startStack();
    await seedArticles(stack.context, { count: 10, partnerId: 'almadar', language: 'en' });
    const theirs = await seedArticles(stack.context, {
      from: 10,
      count: 10,
      partnerId: 'other-outlet',
      language: 'fr',
    });
    await stack.published();
    changeTemplate(stack.context);
    stack.counting.reset();

    const job = await stack.finished(
      (await stack.start({ kind: 'partner', partnerId: 'other-outlet' })).jobId,
    );
    expect(job).toMatchObject({ state: 'done', scope: 'partner:other-outlet', done: 10 + 3, total: 13 });
    expect([...stack.counting.writes.keys()].sort()).toEqual(
      [
        ...theirs.flatMap((article) => [`articles/${article.slug}.html`, `articles/${article.slug}.json`]),
        'index.html',
        ...feedKeys('feeds/'),
        ...feedKeys('feeds/partners/other-outlet/'),
        ...feedKeys('feeds/languages/fr/'),
      ].sort(),
    );
  });

  it('refuses an unknown partner and answers an unknown job with NotFoundError', async () => {
    const stack = await startStack({ publisher: false });
    await expect(stack.start({ kind: 'partner', partnerId: 'nobody' })).rejects.toThrow(NotFoundError);
    await expect(stack.start({ kind: 'partner', partnerId: 'nobody' })).rejects.toThrow(/nobody/);
    await expect(stack.jobs.getJob('00000000-0000-4000-8000-000000000000')).rejects.toThrow(NotFoundError);
    await expect(stack.jobs.getJob('../../x'.repeat(100))).rejects.toThrow(NotFoundError);
  });

  it(`fails, in words, when a chunk fails ${MAX_CHUNK_ATTEMPTS} times, and stops retrying`, async () => {
    let attempts = 0;
    const broken: SiteBucket = {
      put: async (): Promise<PutOutcome> => {
        attempts++;
        throw new Error('the bucket refused the write');
      },
      delete: async () => {},
    };
    const stack = await startStack({
      publisher: false,
      republisherContext: (context) => ({ ...context, bucket: broken }),
    });
    // Five tries take seconds; within the test's own timeout, a job still running says where it stopped.
    const job = await stack.finished((await stack.start({ kind: 'feeds' })).jobId, 60_000);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/failed 5 times in a row/);
    expect(job.error).toMatch(/the bucket refused the write/);
    const after = attempts;
    // Nothing runs it again: the failed job's item continues nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(attempts).toBe(after);
  });

  it('lets normal publishing go on, and leaves no page older than the table', async () => {
    const stack = await startStack({ republisher: { chunkArticles: 5 } });
    const seeded = await seedArticles(stack.context, { count: 150 });
    await stack.published();
    const started = await stack.start({ kind: 'all' });

    // New articles and corrections of old ones arrive while the job runs.
    const duringJob: boolean[] = [];
    const fresh: Article[] = [];
    for (let round = 0; round < 5; round++) {
      fresh.push(...(await seedArticles(stack.context, { from: 1000 + round, count: 1 })));
      await revise(stack.context, seeded[round * 29] as Article, `Revised title ${round}`);
      duringJob.push((await stack.jobs.getJob(started.jobId)).state === 'running');
    }
    expect(duringJob).toContain(true);
    const job = await stack.finished(started.jobId);
    expect(job).toMatchObject({ state: 'done', done: job.total });
    await stack.published();

    const ids = [...seeded, ...fresh].map((article) => article.articleId);
    const heads = new Map((await stack.context.store.getArticles(ids)).map((head) => [head.articleId, head]));
    const titleOf = (articleId: string) => heads.get(articleId)?.content.title;
    for (const head of heads.values()) {
      const page = await stack.read(`articles/${head.slug}.html`);
      expect(pageTitle(page ?? ''), head.slug).toBe(`${head.content.title} · Test site`);
      const data = JSON.parse((await stack.read(`articles/${head.slug}.json`)) ?? 'null');
      expect(data.revision, head.slug).toBe(head.revision);
      for (const neighbour of [data.previous, data.next].filter(Boolean))
        expect(neighbour.title, `${head.slug} → ${neighbour.articleId}`).toBe(titleOf(neighbour.articleId));
    }
  }, 300_000);
});

/** Commits a new revision with a new title, as a correction or a partner update would. */
async function revise(context: PipelineContext, before: Article, title: string): Promise<void> {
  const current = (await context.store.getArticle(before.articleId)) as Article;
  const after: Article = {
    ...current,
    revision: current.revision + 1,
    changeSeq: current.changeSeq + 1,
    content: { ...current.content, title: plainText(title) },
  };
  await context.store.commitRevision({
    article: after,
    revision: {
      articleId: after.articleId,
      revision: after.revision,
      content: after.content,
      contentHash: after.contentHash,
      visibility: after.visibility,
      origin: { kind: 'delivery', deliveryId: `revise-${after.articleId}`, eventType: 'article.updated' },
      recordedAt: new Date().toISOString(),
    },
    expectedRevision: current.revision,
    expectedChangeSeq: current.changeSeq,
    orders: orderChanges(current, after),
  });
}
