import type { Article } from '../domain/article';
import type { ArchiveSeal } from '../domain/feed-archive';
import { type FeedScope, scopeId, scopesOf } from '../domain/feed-scope';
import type { OrderEntry } from '../domain/order-entry';
import { orderKey } from '../domain/site-order';
import type { Neighbours } from '../ports/article-store';
import type { HubNotifier } from '../ports/hub-notifier';
import type { PublishLock } from '../ports/publish-lock';
import type { SiteBucket } from '../ports/site-bucket';
import type { ArticleChange } from './article-change';
import { archivedFeedDepth, renderFeedArchives } from './feed-archives';
import type { KnownOrder } from './known-order';
import { notifyHubsOfChangedFeeds } from './notify-hubs';
import { type HeldLease, type LeaseTimes, withPublishLease } from './publish-lease';
import { publishSitemaps } from './publish-sitemaps';
import { PublishSnapshot } from './publish-snapshot';
import { renderPublicArticle, renderRemovedArticle } from './render-article';
import { FEED_SIZE, type FeedRenderDependencies, rememberFeeds, renderFeedScope } from './render-feed-scope';
import { siteWrites, type WriteReport } from './site-writes';

/** What the publisher needs. */
export interface PublishDependencies extends FeedRenderDependencies, LeaseTimes {
  bucket: SiteBucket;
  lock: PublishLock;
  /** The WebSub hubs told of changed feeds (shared/publish/notify-hubs.ts); none when absent. */
  hubNotifier?: HubNotifier;
  clock?: () => Date;
}

/** What one batch did, for logs, metrics and tests. */
export interface PublishReport extends WriteReport {
  articles: number;
  removed: string[];
}

const SITE = scopeId({ kind: 'site' });
/**
 * How far past a changed position a read reaches: its neighbour, and the neighbour's own neighbour,
 * which that neighbour's re-rendered page links to.
 */
const NEIGHBOUR_REACH = 2;
/**
 * The most site-order entries read from the newest in one Query: inside its 1 MB page (an entry is a
 * key, an id, a slug and a title). Deep enough for a whole batch of the local poller (up to 1,000
 * new articles after a burst), whose positions would otherwise each cost a Query of their own; should
 * a page stop short, the positions it missed are read around one by one as before.
 */
const MAX_NEWEST_READ = 1000;

/**
 * Renders what a batch of changes affects, once each: the changed articles' pages, the pages of
 * their old and new neighbours, the feeds they left or joined and the index. Everything is read
 * from the table's current state, under the publish lock, so two publishers never interleave a
 * stale read with a newer write (docs/decisions/0008-one-publisher-at-a-time.md).
 *
 * A batch costs a few wide reads, not a few per article (docs/publishing.md, "What a publish costs"):
 * one Query per feed for its newest entries (the site order's read deep enough to hold a batch of new
 * articles with their neighbours), two more only for a position outside that, one BatchGetItem for
 * every head the pages and feeds show; the bucket then reads and records the content hashes of all
 * the objects at once.
 */
export async function publishChanges(
  changes: ArticleChange[],
  deps: PublishDependencies,
): Promise<PublishReport> {
  if (changes.length === 0) return { articles: 0, written: [], unchanged: 0, removed: [] };
  return withPublishLease(deps.lock, deps, (lease) => renderAffected(changes, deps, lease));
}

async function renderAffected(
  changes: ArticleChange[],
  deps: PublishDependencies,
  lease: HeldLease,
): Promise<PublishReport> {
  const report: PublishReport = { articles: 0, written: [], unchanged: 0, removed: [] };
  const changedIds = [...new Set(changes.map((change) => change.articleId))];
  report.articles = changedIds.length;

  const snapshot = new PublishSnapshot(deps.store);
  await snapshot.readArticlesWithCatalog(changedIds);
  const scopes = new Map<string, FeedScope>();
  const addScopes = (of: { partnerId: string; language: string }) => {
    for (const scope of scopesOf(of)) scopes.set(scopeId(scope), scope);
  };
  /** Site-order positions a change left or took: their neighbours' pages change. */
  const positions = new Set<string>();
  for (const change of changes) {
    if (change.before?.visibility === 'public') {
      addScopes(change.before);
      positions.add(orderKey(change.before.publishedAt, change.articleId));
    }
    const article = snapshot.article(change.articleId);
    if (article?.visibility === 'public') {
      addScopes({ partnerId: article.partnerId, language: article.content.language });
      positions.add(positionOf(article));
    }
  }

  // Every feed's newest entries, one Query each (the known feeds were read with the changed heads).
  // Deep enough for each feed's RFC 5005 open archive too (feed-archives.ts, decision 0044).
  const feedDepth = archivedFeedDepth(deps.site);
  const siteDepth = Math.min(MAX_NEWEST_READ, Math.max(feedDepth, positions.size + NEIGHBOUR_REACH + 1));
  await snapshot.readWindows(
    [...scopes.keys()].map((scope) => ({
      scope,
      around: { older: scope === SITE ? siteDepth : feedDepth, newer: 0 },
    })),
  );
  const catalog = await snapshot.store.feedCatalog();
  // Positions deeper in the archive (an old article corrected, a backfill): a stretch around each.
  const siteOrder = snapshot.order(SITE);
  await readAround(
    snapshot,
    [...positions].filter((key) => !siteOrder.neighbours(key)),
  );

  const pages = new Set<string>();
  for (const change of changes) {
    if (change.before?.visibility === 'public') {
      // The old neighbours now face each other: both pages get new links.
      const old = await snapshot.store.neighbours(
        SITE,
        orderKey(change.before.publishedAt, change.articleId),
      );
      for (const entry of [old.previous, old.next])
        if (entry && entry.articleId !== change.articleId) pages.add(entry.articleId);
    }
    const article = snapshot.article(change.articleId);
    if (article?.visibility === 'public') {
      pages.add(article.articleId);
      const around = await snapshot.store.neighbours(SITE, positionOf(article));
      for (const entry of [around.previous, around.next]) if (entry) pages.add(entry.articleId);
    }
  }

  // Every head a page, a feed or its open archive shows, in one read.
  const members = [...scopes.keys()].flatMap((scope) =>
    feedMembers(snapshot.order(scope), catalog.newestSeals.get(scope), feedDepth).map(
      (entry) => entry.articleId,
    ),
  );
  await snapshot.readArticles([...pages, ...members]);
  const shown = [...pages].flatMap((id) => {
    const article = snapshot.article(id);
    return article?.visibility === 'public' ? [article] : [];
  });
  await readAround(
    snapshot,
    shown.map(positionOf).filter((key) => !siteOrder.neighbours(key)),
  );

  const rendering: FeedRenderDependencies = { ...deps, store: snapshot.store };
  const writes = siteWrites(deps.bucket, report);
  for (const article of shown) {
    const neighbours: Neighbours = await snapshot.store.neighbours(SITE, positionOf(article));
    await renderPublicArticle(article, neighbours, rendering, writes);
  }

  for (const id of changedIds) {
    const article = snapshot.article(id);
    if (!article || article.visibility === 'public') continue;
    report.removed.push(await renderRemovedArticle(article, deps, writes));
  }

  const knownFeeds = await rememberFeeds(snapshot.store, [...scopes.keys()]);
  const changed = new Map(
    changedIds.flatMap((id) => {
      const article = snapshot.article(id);
      return article ? [[id, article] as const] : [];
    }),
  );
  for (const scope of scopes.values())
    await renderFeedScope(
      scope,
      knownFeeds,
      rendering,
      writes,
      // RFC 5005 archives first: what they seal leaves the current feed (decision 0044).
      await renderFeedArchives(scope, changes, changed, rendering, writes, knownFeeds),
    );
  await publishSitemaps(
    changes,
    changed,
    { ...deps, store: snapshot.store },
    writes,
    (deps.clock ?? (() => new Date()))(),
  );

  await writes.drain();
  await notifyHubsOfChangedFeeds(report.written, deps);

  const renderedAt = (deps.clock ?? (() => new Date()))().toISOString();
  // The batch's last write gives the lease back too: one request fewer for every batch (decision 0056).
  const leaseGivenBack = await deps.store.markRenderedAll(
    changedIds.flatMap((id) => {
      const article = snapshot.article(id);
      return article
        ? [
            {
              articleId: id,
              state: article.visibility === 'public' ? ('published' as const) : ('unpublished' as const),
              revision: article.revision,
              renderedSeq: article.changeSeq,
              renderedAt,
            },
          ]
        : [];
    }),
    { releasingLeaseOf: lease.owner },
  );
  if (leaseGivenBack) lease.givenBack();
  return report;
}

function positionOf(article: Article): string {
  return orderKey(article.content.publishedAt, article.articleId);
}

/**
 * The entries a feed and its RFC 5005 open archive show: those after the newest seal's bound among
 * the newest `depth` (feed-archives.ts), or the newest 50 when the seal is not indexed.
 */
function feedMembers(order: KnownOrder, seal: ArchiveSeal | null | undefined, depth: number): OrderEntry[] {
  if (seal === undefined) return order.newest(FEED_SIZE) ?? [];
  return (order.newest(depth) ?? []).filter((entry) => seal === null || entry.key > seal.upperKey);
}

/** Reads a stretch of the site order around each of `keys`: their neighbours and the neighbours'. */
function readAround(snapshot: PublishSnapshot, keys: readonly string[]): Promise<void> {
  return snapshot.readWindows(
    keys.map((key) => ({ scope: SITE, around: { key, older: NEIGHBOUR_REACH + 1, newer: NEIGHBOUR_REACH } })),
  );
}
