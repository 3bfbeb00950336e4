import { leavesRemovedPage } from '../domain/embargo';
import { parseScopeId, scopeId } from '../domain/feed-scope';
import { orderKey } from '../domain/site-order';
import type { ArticleCatalog } from '../ports/article-catalog';
import type { HubNotifier } from '../ports/hub-notifier';
import type { JobProgress, JobRecord, JobStore } from '../ports/job-store';
import type { PublishLock } from '../ports/publish-lock';
import type { SiteBucket } from '../ports/site-bucket';
import { rebuildFeedArchives } from '../publish/feed-archives';
import { notifyHubsOfChangedFeeds } from '../publish/notify-hubs';
import { type LeaseTimes, withPublishLease } from '../publish/publish-lease';
import { republishSitemaps } from '../publish/publish-sitemaps';
import { PublishSnapshot } from '../publish/publish-snapshot';
import { renderPublicArticle, renderRemovedArticle } from '../publish/render-article';
import { type FeedRenderDependencies, rememberFeeds, renderFeedScope } from '../publish/render-feed-scope';
import { siteFurniture } from '../publish/site-furniture';
import { siteWrites, type WriteReport } from '../publish/site-writes';
import { republishFeeds } from './republish-feeds';
import { parseRepublishScope, type RepublishScope } from './republish-job';

/** What a chunk needs: what the publisher needs, plus the jobs and the catalog. */
export interface RepublishChunkDependencies extends FeedRenderDependencies, LeaseTimes {
  bucket: SiteBucket;
  lock: PublishLock;
  /** The WebSub hubs told of changed feeds (shared/publish/notify-hubs.ts); none when absent. */
  hubNotifier?: HubNotifier;
  jobs: JobStore;
  catalog: ArticleCatalog;
  /** Milliseconds left in this invocation (Lambda's `getRemainingTimeInMillis`); unbounded when absent. */
  remainingMs?: () => number;
  /** The most articles one chunk renders. */
  chunkArticles?: number;
  /** How long one chunk may render once it holds the lease. */
  chunkBudgetMs?: number;
  /** How long a chunk lets pending publishes go first before it takes the lease anyway. */
  publisherPriorityMs?: number;
  now?: () => number;
}

/** What one invocation did to a job, for logs, tests and the benchmark. */
export interface ChunkReport extends WriteReport {
  jobId: string;
  /** `idle`: the job was not running at the chunk read (ended, unknown, or moved on by another invocation). */
  outcome: 'progressed' | 'finished' | 'failed' | 'idle';
  articles: number;
  feeds: number;
  /** Milliseconds spent rendering under the lease. */
  renderMs: number;
}

/** A chunk tried this many times at the same position fails its job (docs/republish-jobs.md). */
export const MAX_CHUNK_ATTEMPTS = 5;
/**
 * Seconds, not minutes: the publisher waits for the lease while a chunk holds it, and a delivery
 * should be live within seconds even while a job runs.
 */
const DEFAULT_CHUNK_BUDGET_MS = 3_000;
const DEFAULT_CHUNK_ARTICLES = 100;
const DEFAULT_PUBLISHER_PRIORITY_MS = 10_000;
/** Kept back from the invocation's remaining time: writing the progress and giving the lease back. */
export const FINISHING_MARGIN_MS = 5_000;
const SITE = 'site';

/**
 * Runs the next chunk of a republish job, if it is running: under the publish lease, renders the
 * next page of the catalog from the table's current state (public articles' pages and data, the
 * removed page of taken-down and withdrawn ones), or, after the articles, the next feeds; then
 * records the progress, conditionally on the chunk it started from, which writes the job's item and
 * so, through the table's stream, invokes the next chunk
 * (docs/decisions/0023-republish-jobs-continue-through-the-stream.md).
 *
 * Each try is counted before it starts. A throw leaves the progress where it was, so the stream's
 * retry renders the same chunk again (unchanged objects are not written twice); the
 * {@link MAX_CHUNK_ATTEMPTS}th failure, or a try after that many, ends the job `failed` instead.
 */
export async function runRepublishChunk(
  jobId: string,
  deps: RepublishChunkDependencies,
): Promise<ChunkReport> {
  const report: ChunkReport = {
    jobId,
    outcome: 'idle',
    articles: 0,
    feeds: 0,
    renderMs: 0,
    written: [],
    unchanged: 0,
  };
  const job = await deps.jobs.get(jobId);
  if (job?.state !== 'running') return report;
  const scope = parseRepublishScope(job.scope);
  if (!scope) {
    await deps.jobs.recordFailure(jobId, job.chunks, `The scope "${job.scope}" names nothing to republish.`);
    return { ...report, outcome: 'failed' };
  }
  const attempts = await deps.jobs.recordAttempt(jobId, job.chunks);
  if (attempts === undefined) return report;
  if (attempts > MAX_CHUNK_ATTEMPTS) {
    await deps.jobs.recordFailure(jobId, job.chunks, failureText(job, undefined));
    return { ...report, outcome: 'failed' };
  }

  try {
    await letPublisherGoFirst(deps);
    const remaining = deps.remainingMs?.();
    const lockWaitMs =
      remaining === undefined ? deps.lockWaitMs : Math.max(0, remaining - FINISHING_MARGIN_MS * 2);
    const progress = await withPublishLease(deps.lock, { ...deps, lockWaitMs }, () =>
      renderChunk(job, scope, deps, report),
    );
    const recorded = await deps.jobs.recordProgress(jobId, job.chunks, progress);
    report.outcome = !recorded ? 'idle' : progress.state === 'done' ? 'finished' : 'progressed';
    return report;
  } catch (error) {
    if (attempts < MAX_CHUNK_ATTEMPTS) throw error;
    await deps.jobs.recordFailure(jobId, job.chunks, failureText(job, error));
    return { ...report, outcome: 'failed' };
  }
}

/** Why a job stopped, for an editor. */
function failureText(job: JobRecord, error: unknown): string {
  const where =
    job.cursor.phase === 'articles'
      ? `after ${job.done} of about ${job.total} objects, rendering articles`
      : `after ${job.done} of ${job.total} objects, rendering the feed ${job.feeds[job.cursor.next] ?? ''}`;
  const why = error instanceof Error ? ` The last error was: ${error.message}` : '';
  return `The republish stopped ${where}: the same step failed ${MAX_CHUNK_ATTEMPTS} times in a row.${why}`;
}

/**
 * Waits, within bounds, until no accepted change is waiting for the publisher: the lease goes to
 * whoever asks first, and between two chunks the publisher must not have to win a race for it.
 * The wait leaves the invocation its finishing margins (one batch may carry several jobs, so a later
 * one can start with little time left): a chunk that waited its time away would have none left to
 * render and record its progress before Lambda's timeout, and each such try counts towards failing
 * the job.
 */
async function letPublisherGoFirst(deps: RepublishChunkDependencies): Promise<void> {
  const now = deps.now ?? Date.now;
  const remaining = deps.remainingMs?.();
  const waitMs = Math.min(
    deps.publisherPriorityMs ?? DEFAULT_PUBLISHER_PRIORITY_MS,
    remaining === undefined ? Number.POSITIVE_INFINITY : remaining - FINISHING_MARGIN_MS * 2,
  );
  const until = now() + waitMs;
  while (now() < until && (await deps.store.countPendingPublishes()) > 0)
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - now())));
}

async function renderChunk(
  job: JobRecord,
  scope: RepublishScope,
  deps: RepublishChunkDependencies,
  report: ChunkReport,
): Promise<JobProgress> {
  const now = deps.now ?? Date.now;
  const started = now();
  const remaining = deps.remainingMs?.();
  const budget = Math.min(
    deps.chunkBudgetMs ?? DEFAULT_CHUNK_BUDGET_MS,
    remaining === undefined ? Number.POSITIVE_INFINITY : remaining - FINISHING_MARGIN_MS,
  );
  const deadline = started + budget;
  const writes = siteWrites(deps.bucket, report, { verify: true });
  const progress =
    job.cursor.phase === 'articles'
      ? await renderArticles(job, job.cursor.after, scope, deadline, deps, writes, report)
      : await renderFeeds(job, job.cursor.next, scope, deadline, deps, writes, report);
  await writes.drain();
  await notifyHubsOfChangedFeeds(report.written, deps);
  report.renderMs = now() - started;
  return progress;
}

async function renderArticles(
  job: JobRecord,
  after: string | undefined,
  scope: RepublishScope,
  deadline: number,
  deps: RepublishChunkDependencies,
  writes: ReturnType<typeof siteWrites>,
  report: ChunkReport,
): Promise<JobProgress> {
  const now = deps.now ?? Date.now;
  const page = await deps.catalog.page({
    partnerId: scope.kind === 'partner' ? scope.partnerId : undefined,
    after,
    limit: deps.chunkArticles ?? DEFAULT_CHUNK_ARTICLES,
  });
  // The catalog's indexes are eventually consistent; the heads are read strongly, so what is
  // rendered is the current state.
  const snapshot = new PublishSnapshot(deps.store);
  const newest = page.entries[0]?.key;
  await Promise.all([
    snapshot.readArticles(page.entries.map((entry) => entry.articleId)),
    // The site order is a subset of the catalog: the stretch from the page's newest key down, as long
    // as the page and two more, holds the neighbours of every public article of the page.
    newest === undefined
      ? undefined
      : snapshot.readWindows([
          { scope: SITE, around: { key: newest, older: page.entries.length + 2, newer: 1 } },
        ]),
  ]);
  const languages = new Set(job.languages);
  let last = after;
  for (const entry of page.entries) {
    // At least one article per chunk, so a job always moves.
    if (report.articles > 0 && now() >= deadline) break;
    const article = snapshot.article(entry.articleId);
    if (article?.visibility === 'public') {
      const key = orderKey(article.content.publishedAt, article.articleId);
      await renderPublicArticle(article, await snapshot.store.neighbours(SITE, key), deps, writes);
    } else if (article && leavesRemovedPage(article)) {
      await renderRemovedArticle(article, deps, writes);
    }
    // An article that has never been public names no feed: its language may have no other article yet.
    if (article && !article.neverPublic) languages.add(article.content.language);
    report.articles++;
    last = entry.key;
  }
  const done = job.done + report.articles;
  const more = report.articles < page.entries.length || page.after !== undefined;
  await republishSitemaps(
    page.entries.slice(0, report.articles).flatMap((entry) => snapshot.article(entry.articleId) ?? []),
    deps,
    writes,
    new Date(now()),
  );
  if (more) {
    return {
      state: 'running',
      done,
      total: Math.max(job.total, done + job.feeds.length),
      cursor: { phase: 'articles', after: last },
      feeds: job.feeds,
      languages: [...languages].sort(),
    };
  }
  const feeds = await republishFeeds(scope, [...languages], deps);
  return {
    state: 'running',
    done,
    // What is left is known exactly now: the total becomes the truth.
    total: done + feeds.length,
    cursor: { phase: 'feeds', next: 0 },
    feeds,
    languages: [...languages].sort(),
  };
}

async function renderFeeds(
  job: JobRecord,
  from: number,
  scope: RepublishScope,
  deadline: number,
  deps: RepublishChunkDependencies,
  writes: ReturnType<typeof siteWrites>,
  report: ChunkReport,
): Promise<JobProgress> {
  const now = deps.now ?? Date.now;
  const knownFeeds = await rememberFeeds(deps.store, job.feeds);
  let next = from;
  while (next < job.feeds.length && (next === from || now() < deadline)) {
    const id = job.feeds[next] as string;
    const feed = parseScopeId(id);
    // With the feed, every archive document of it (decision 0044).
    if (feed)
      await renderFeedScope(
        feed,
        knownFeeds,
        deps,
        writes,
        await rebuildFeedArchives(feed, deps, writes, knownFeeds),
      );
    // A partner's job changes nothing the furniture shows; the others rebuild the whole site.
    if (id === scopeId({ kind: 'site' }) && scope.kind !== 'partner')
      for (const object of siteFurniture(deps.urls, deps.site)) await writes.put(object);
    report.feeds++;
    next++;
  }
  const done = job.done + report.feeds;
  const finished = next >= job.feeds.length;
  return {
    state: finished ? 'done' : 'running',
    done,
    total: finished ? done : job.total,
    cursor: { phase: 'feeds', next },
    feeds: job.feeds,
    languages: job.languages,
  };
}
