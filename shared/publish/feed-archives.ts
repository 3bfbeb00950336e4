import type { Article } from '../domain/article';
import { type ArchiveSeal, DEFAULT_FEED_ARCHIVE_SIZE } from '../domain/feed-archive';
import { type FeedScope, scopeId, scopesOf } from '../domain/feed-scope';
import type { OrderEntry } from '../domain/order-entry';
import { orderKey } from '../domain/site-order';
import type { FeedArchivePlace } from '../render/feed-archive-links';
import { renderFeeds } from '../render/feed-documents';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import type { ArticleChange } from './article-change';
import { FEED_SIZE, type FeedRenderDependencies, feedLanguage, feedTitle } from './render-feed-scope';
import type { SiteWrites } from './site-writes';

/** What the current feed of a scope holds: everything newer than its newest sealed archive. */
export interface CurrentFeed {
  /** The order entries after the newest archive's bound, newest first. */
  entries: OrderEntry[];
  /** The newest archive's bound (an order key); absent before the first archive is sealed. */
  after?: string;
  /** The current feed's `prev-archive`; absent before the first archive. */
  archive?: FeedArchivePlace;
}

/** The archives a render must write: by number, with their lower bound and, when known, entries. */
type ArchiveWork = Map<number, { seal: ArchiveSeal; after?: string; entries?: OrderEntry[] }>;

const FORMATS = [
  ['rss', MEDIA_TYPES.rss],
  ['atom', MEDIA_TYPES.atom],
  ['json', MEDIA_TYPES.jsonFeed],
] as const;

/**
 * The archive side of publishing `changes` in `scope` (RFC 5005 §4, decision 0044), to run before
 * the scope's current feed is rendered: seals the oldest `feedArchiveSize` entries after the newest
 * archive into a new one while the current feed would keep at least 50 without them, writes each
 * archive so sealed and re-links the one before it (its `next-archive`), and rewrites the sealed
 * archive each change left or entered, if any. Returns what the current feed holds and links.
 *
 * A new article lands after the newest archive, so its publish writes no archive document unless it
 * is the one that completes the next; reads are one query for the newest archive and one for the
 * entries after it, whatever the archive's length.
 */
export async function renderFeedArchives(
  scope: FeedScope,
  changes: readonly ArticleChange[],
  articles: ReadonlyMap<string, Article>,
  deps: FeedRenderDependencies & { clock?: () => Date },
  writes: SiteWrites,
): Promise<CurrentFeed> {
  const id = scopeId(scope);
  const touched = new Set<string>();
  for (const change of changes) {
    const before = change.before;
    if (before?.visibility === 'public' && scopesOf(before).some((of) => scopeId(of) === id))
      touched.add(orderKey(before.publishedAt, change.articleId));
    const after = articles.get(change.articleId);
    if (
      after?.visibility === 'public' &&
      scopesOf({ partnerId: after.partnerId, language: after.content.language }).some(
        (of) => scopeId(of) === id,
      )
    )
      touched.add(orderKey(after.content.publishedAt, after.articleId));
  }
  return sealAndRender(scope, touched, deps, writes);
}

/**
 * Every archive document of `scope` rendered again from the table (republish jobs), after sealing
 * what is due, and what the current feed holds.
 */
export async function rebuildFeedArchives(
  scope: FeedScope,
  deps: FeedRenderDependencies & { clock?: () => Date },
  writes: SiteWrites,
): Promise<CurrentFeed> {
  return sealAndRender(scope, 'all', deps, writes);
}

/** What the current feed of `scope` holds, from the table, sealing nothing (the bootstrap's view). */
export async function currentFeedOf(scope: FeedScope, deps: FeedRenderDependencies): Promise<CurrentFeed> {
  const id = scopeId(scope);
  const newest = await deps.store.newestArchive(id);
  const entries = await deps.store.orderRange(id, { after: newest?.upperKey });
  return current(entries, newest?.upperKey, newest?.number ?? 0);
}

function current(oldestFirst: OrderEntry[], after: string | undefined, newest: number): CurrentFeed {
  return {
    entries: [...oldestFirst].reverse(),
    ...(after === undefined ? {} : { after }),
    ...(newest > 0 ? { archive: { previous: newest } } : {}),
  };
}

async function sealAndRender(
  scope: FeedScope,
  touched: ReadonlySet<string> | 'all',
  deps: FeedRenderDependencies & { clock?: () => Date },
  writes: SiteWrites,
): Promise<CurrentFeed> {
  const id = scopeId(scope);
  const size = deps.site.feedArchiveSize ?? DEFAULT_FEED_ARCHIVE_SIZE;
  const before = await deps.store.newestArchive(id);
  let newest = before?.number ?? 0;
  let bound = before?.upperKey;
  const work: ArchiveWork = new Map();

  // Seal while the current feed would still hold FEED_SIZE after giving up the oldest `size`: the
  // bound is then an entry's key, recorded once, and no later arrival or removal moves it.
  let open = await deps.store.orderRange(id, { after: bound, limit: FEED_SIZE + size });
  while (open.length >= FEED_SIZE + size) {
    const entries = open.slice(0, size);
    const seal: ArchiveSeal = {
      scope: id,
      number: newest + 1,
      upperKey: (entries.at(-1) as OrderEntry).key,
      sealedAt: (deps.clock ?? (() => new Date()))().toISOString(),
    };
    await deps.store.sealArchive(seal);
    work.set(seal.number, { seal, after: bound, entries });
    newest = seal.number;
    bound = seal.upperKey;
    open = await deps.store.orderRange(id, { after: bound, limit: FEED_SIZE + size });
  }
  // The archive that was newest gains its `next-archive` link.
  if (before && newest > before.number) work.set(before.number, { seal: before });

  if (touched === 'all') {
    let after: string | undefined;
    for (const seal of await deps.store.archives(id)) {
      if (!work.has(seal.number)) work.set(seal.number, { seal, after });
      after = seal.upperKey;
    }
  } else if (bound !== undefined) {
    for (const key of touched) {
      if (key > bound) continue;
      const { archive, previous } = await deps.store.archiveAt(id, key);
      if (archive && !work.has(archive.number))
        work.set(archive.number, { seal: archive, after: previous?.upperKey });
    }
  }

  for (const { seal, after, entries } of [...work.values()].sort((a, b) => a.seal.number - b.seal.number)) {
    const lower =
      after ??
      (seal.number === 1 ? undefined : (await deps.store.archiveAt(id, seal.upperKey)).previous?.upperKey);
    const held = entries ?? (await deps.store.orderRange(id, { after: lower, through: seal.upperKey }));
    await renderArchive(scope, seal.number, newest, held, deps, writes);
  }
  return current(open, bound, newest);
}

/** Archive document `number` of `newest`, holding `entries` (oldest first), in the three formats. */
async function renderArchive(
  scope: FeedScope,
  number: number,
  newest: number,
  entries: OrderEntry[],
  deps: FeedRenderDependencies,
  writes: SiteWrites,
): Promise<void> {
  const members = (await deps.store.getArticles(entries.map((entry) => entry.articleId)))
    .filter((article) => article.visibility === 'public')
    .reverse();
  const documents = renderFeeds({
    scope,
    ...(await feedTitle(scope, deps)),
    language: feedLanguage(scope, members, deps.site),
    articles: members,
    urls: deps.urls,
    site: deps.site,
    archive: {
      number,
      ...(number > 1 ? { previous: number - 1 } : {}),
      ...(number < newest ? { next: number + 1 } : {}),
    },
  });
  for (const [format, contentType] of FORMATS) {
    await writes.put({
      key: deps.urls.feedArchive(scope, number, format).key,
      body: documents[format],
      contentType,
      cacheControl: CACHE_CONTROL.feed,
    });
  }
}
