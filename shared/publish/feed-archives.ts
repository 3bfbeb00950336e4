import type { Article } from '../domain/article';
import { type ArchiveSeal, DEFAULT_FEED_ARCHIVE_SIZE } from '../domain/feed-archive';
import { type FeedScope, scopeId, scopesOf } from '../domain/feed-scope';
import type { OrderEntry } from '../domain/order-entry';
import { EARLIEST_ORDER_KEY, orderKey, orderKeyBefore } from '../domain/site-order';
import type { FeedArchivePlace } from '../render/feed-archive-links';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import type { ArticleChange } from './article-change';
import { FEED_SIZE, type FeedRenderDependencies, feedDocumentsOf } from './render-feed-scope';
import { siteFeedArticles } from './site-feed-articles';
import type { SiteWrites } from './site-writes';

/** What the current feed of a scope holds and links, once its archives are written. */
export interface CurrentFeed {
  /**
   * Newest first: the newest 50 after the newest sealed archive's bound (for the site feed, chosen
   * under the partners' shares), so exactly the newest 50 unless takedowns among them have left
   * fewer after the bound.
   */
  articles: Article[];
  /** The current feed's `prev-archive`: the open archive when it has entries, else the newest sealed one. */
  archive?: FeedArchivePlace;
}

/** The sealed archives a render must write: by number, with their lower bound and, when known, entries. */
type ArchiveWork = Map<number, { seal: ArchiveSeal; after?: string; entries?: OrderEntry[] }>;

const FORMATS = [
  ['rss', MEDIA_TYPES.rss],
  ['atom', MEDIA_TYPES.atom],
  ['json', MEDIA_TYPES.jsonFeed],
] as const;

/**
 * How many of a feed's newest entries a publish reads (newest first) so that they hold the current
 * feed, its open archive and one more, which shows whether an archive is due: 50 + archive size + 1.
 * Read up front (publish-changes.ts), they spare the archive step a query of its own.
 */
export function archivedFeedDepth(site: { feedArchiveSize?: number }): number {
  return FEED_SIZE + (site.feedArchiveSize ?? DEFAULT_FEED_ARCHIVE_SIZE) + 1;
}

/** What a render of one scope's archives may reuse: the articles the caller has read already. */
interface ArchiveRun {
  scope: FeedScope;
  deps: FeedRenderDependencies & { clock?: () => Date };
  writes: SiteWrites;
  knownFeeds: readonly string[];
  known: Map<string, Article>;
}

/**
 * The archive side of publishing `changes` in `scope` (RFC 5005 §4, decision 0044), to run before
 * the scope's current feed is rendered. The entries after the newest sealed archive are the
 * current feed (the newest 50) and the open archive (the rest, 0 to size − 1 of them); when they
 * reach 50 + size, the oldest `size` are sealed into the open archive's number, at the same URL.
 * Writes the open archive (the bucket skips it when its bytes are unchanged), an archive sealed now
 * with the empty open archive after it, and the sealed archive each change left or entered, if any.
 *
 * Reads: the newest seal and the newest 50 + size + 1 entries, whatever the archive's length (the
 * publisher has both up front: the seal from the feed list's index, decision 0051), then one batch of
 * the articles after the bound not read yet; plus one seal lookup per changed article older than the
 * seals it found.
 */
export async function renderFeedArchives(
  scope: FeedScope,
  changes: readonly ArticleChange[],
  articles: ReadonlyMap<string, Article>,
  deps: FeedRenderDependencies & { clock?: () => Date },
  writes: SiteWrites,
  knownFeeds: readonly string[] = [],
): Promise<CurrentFeed> {
  const id = scopeId(scope);
  const touched = new Set<string>();
  let removed = 0;
  for (const change of changes) {
    const before = change.before;
    const after = articles.get(change.articleId);
    const inScope = (of: { partnerId: string; language: string }) =>
      scopesOf(of).some((candidate) => scopeId(candidate) === id);
    const afterKey =
      after?.visibility === 'public' &&
      inScope({ partnerId: after.partnerId, language: after.content.language })
        ? orderKey(after.content.publishedAt, after.articleId)
        : undefined;
    if (afterKey) touched.add(afterKey);
    if (before?.visibility === 'public' && inScope(before)) {
      const beforeKey = orderKey(before.publishedAt, change.articleId);
      touched.add(beforeKey);
      if (beforeKey !== afterKey) removed++;
    }
  }
  const known = new Map(articles);
  return sealAndRender({ scope, deps, writes, knownFeeds, known }, touched, removed);
}

/**
 * Every archive document of `scope` rendered again from the table (republish jobs), after sealing
 * what is due, and what the current feed holds.
 */
export async function rebuildFeedArchives(
  scope: FeedScope,
  deps: FeedRenderDependencies & { clock?: () => Date },
  writes: SiteWrites,
  knownFeeds: readonly string[] = [],
): Promise<CurrentFeed> {
  return sealAndRender({ scope, deps, writes, knownFeeds, known: new Map() }, 'all', 0);
}

async function sealAndRender(
  run: ArchiveRun,
  touched: ReadonlySet<string> | 'all',
  removed: number,
): Promise<CurrentFeed> {
  const { scope, deps } = run;
  const id = scopeId(scope);
  const size = deps.site.feedArchiveSize ?? DEFAULT_FEED_ARCHIVE_SIZE;
  const before = await deps.store.newestArchive(id);
  let sealed = before?.number ?? 0;
  let bound = before?.upperKey;
  const work: ArchiveWork = new Map();
  // Entries at or below the bound are left out: the read reached it, so it holds all after it.
  const newestAfter = async (after: string | undefined) =>
    (await deps.store.newest(id, archivedFeedDepth(deps.site))).filter(
      (entry) => after === undefined || entry.key > after,
    );

  const seal = async (number: number, upperKey: string, lower: string | undefined, entries: OrderEntry[]) => {
    const made: ArchiveSeal = {
      scope: id,
      number,
      upperKey,
      sealedAt: (deps.clock ?? (() => new Date()))().toISOString(),
    };
    await deps.store.sealArchive(made);
    work.set(number, { seal: made, after: lower, entries });
    sealed = number;
    bound = upperKey;
  };
  // Archive 1, the origin, holds what is older than the oldest article the feed held when it first
  // needed an archive: sealed empty then, so that no archive document is ever alone in its chain
  // (one with neither `prev-archive` nor `next-archive` has no correct RFC 5005 links). It fills
  // only with backdated arrivals. Its bound sorts before every entry after it, so sealing it moves
  // nothing between the feed and the other archives.
  const sealOrigin = (oldest: OrderEntry | undefined) =>
    seal(1, oldest ? orderKeyBefore(oldest.key) : EARLIEST_ORDER_KEY, undefined, []);

  // The newest 50 + size + 1 after the bound: when there are at most 50 + size this is all of them,
  // and the oldest `size` are sealed once they reach 50 + size. The bound is then an entry's key,
  // recorded once, and no later arrival or removal moves it. More (a first run, a burst) are sealed
  // from the oldest, a query each.
  let after = await newestAfter(bound);
  if (sealed === 0 && after.length >= FEED_SIZE + size)
    await sealOrigin(
      after.length < archivedFeedDepth(deps.site)
        ? after.at(-1)
        : (await deps.store.orderRange(id, { limit: 1 }))[0],
    );
  while (after.length >= FEED_SIZE + size) {
    const entries =
      after.length === FEED_SIZE + size
        ? after.slice(FEED_SIZE).reverse()
        : await deps.store.orderRange(id, { after: bound, limit: size });
    await seal(sealed + 1, (entries.at(-1) as OrderEntry).key, bound, entries);
    after = after.length === FEED_SIZE + size ? after.slice(0, FEED_SIZE) : await newestAfter(bound);
  }

  if (touched === 'all') {
    let lower: string | undefined;
    for (const seal of await deps.store.archives(id)) {
      if (!work.has(seal.number)) work.set(seal.number, { seal, after: lower });
      lower = seal.upperKey;
    }
  } else if (before !== undefined) {
    for (const key of touched) {
      // Newer than the seals this run found: in the current feed, the open archive, or an archive
      // this run sealed, which it writes anyway. A burst's backlog seals dozens, each holding 50 keys.
      if (key > before.upperKey) continue;
      const { archive, previous } = await deps.store.archiveAt(id, key);
      if (archive && !work.has(archive.number))
        work.set(archive.number, { seal: archive, after: previous?.upperKey });
    }
  }

  // One batch for the current feed and the open archive: at most 50 + size − 1 articles.
  await read(run, after);
  const current =
    scope.kind === 'site'
      ? await siteFeedArticles(deps, run.knownFeeds, FEED_SIZE, bound, {
          entries: after,
          articles: run.known,
        })
      : present(run, after.slice(0, FEED_SIZE));
  const inCurrent = new Set(current.map((article) => article.articleId));
  const open = after.filter((entry) => !inCurrent.has(entry.articleId));
  // Before the first seal the open archive is written once it has entries, or when removals may have
  // emptied it (the scope held more than 50 before them), so a taken-down article never stays in it;
  // the origin comes first. `after` is then the whole scope: fewer than 50 + size entries.
  const archived = sealed > 0 || open.length > 0 || after.length + removed > FEED_SIZE;
  if (sealed === 0 && archived) await sealOrigin(after.at(-1));

  // Sealed archives link the next one, which always exists: an archive is sealed together with the
  // open archive after it, written even while empty, so a sealed archive's links never change.
  for (const { seal, after: lower, entries } of [...work.values()].sort(
    (a, b) => a.seal.number - b.seal.number,
  )) {
    const start =
      lower ??
      (seal.number === 1 ? undefined : (await deps.store.archiveAt(id, seal.upperKey)).previous?.upperKey);
    const held = entries ?? (await deps.store.orderRange(id, { after: start, through: seal.upperKey }));
    await read(run, held);
    await renderArchive(run, seal.number, true, present(run, [...held].reverse()));
  }
  // The open archive: rewritten when its entries change, left alone (by the bucket's hash check)
  // otherwise.
  const openNumber = sealed + 1;
  if (archived) await renderArchive(run, openNumber, false, present(run, open));

  const previous = open.length > 0 ? openNumber : sealed > 0 ? sealed : undefined;
  return { articles: current, ...(previous === undefined ? {} : { archive: { previous } }) };
}

/** Reads the articles of `entries` the run has not read yet, in one batch of up to 100. */
async function read(run: ArchiveRun, entries: readonly OrderEntry[]): Promise<void> {
  const missing = entries.map((entry) => entry.articleId).filter((id) => !run.known.has(id));
  for (const article of await run.deps.store.getArticles(missing)) run.known.set(article.articleId, article);
}

/** The public articles of `entries`, in their order. */
function present(run: ArchiveRun, entries: readonly OrderEntry[]): Article[] {
  return entries.flatMap((entry) => {
    const article = run.known.get(entry.articleId);
    return article?.visibility === 'public' ? [article] : [];
  });
}

/** Archive document `number`, holding `members` (newest first), in the three formats. */
async function renderArchive(
  run: ArchiveRun,
  number: number,
  sealed: boolean,
  members: Article[],
): Promise<void> {
  const { scope, deps, writes } = run;
  const documents = await feedDocumentsOf(scope, members, deps, {
    number,
    ...(number > 1 ? { previous: number - 1 } : {}),
    ...(sealed ? { next: number + 1 } : {}),
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
