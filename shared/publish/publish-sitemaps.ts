import { createHash } from 'node:crypto';
import type { Article } from '../domain/article';
import { orderKey } from '../domain/site-order';
import type { SitemapEntry, SitemapShard } from '../domain/sitemap';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { SiteBucket } from '../ports/site-bucket';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import {
  type IndexedSitemap,
  renderArticleSitemap,
  renderNewsSitemap,
  renderSitemapIndex,
} from '../render/sitemap-documents';
import { sitemapLocations } from '../render/sitemap-urls';
import type { ArticleChange } from './article-change';
import type { FeedRenderDependencies } from './render-feed-scope';
import type { SiteWrites } from './site-writes';

/** What rendering the sitemaps needs: what rendering feeds needs, and the bucket to delete an emptied shard. */
export interface SitemapDependencies extends FeedRenderDependencies {
  bucket: SiteBucket;
  /** URLs a shard is sealed at: `SHARD_SIZE` unless a test asks for small shards to see them seal and split. */
  sitemapShardSize?: number;
}

/**
 * URLs a shard is sealed at. Every publish rewrites the open shard, so this bounds what one publish
 * reads and writes for it; the index lists one sitemap per this many articles (decision 0046).
 */
export const SHARD_SIZE = 1_000;
/** Google News takes articles of the last two days, at most 1,000 per news sitemap. */
export const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
export const NEWS_MAX_URLS = 1_000;

const XML_OBJECT = { contentType: MEDIA_TYPES.xml, cacheControl: CACHE_CONTROL.feed } as const;

/**
 * The article's sitemap entry, or `undefined` when its page is not to be listed: it is not public,
 * or its partner's agreement says `noindex` or points `rel=canonical` at the original (the default:
 * a partner that is not in the registry gets it too). A sitemap lists canonical, indexable URLs only.
 */
export async function sitemapEntryOf(
  article: Article,
  partners: PartnerDirectory,
): Promise<SitemapEntry | undefined> {
  if (article.visibility !== 'public') return undefined;
  const agreement = (await partners.getPartner(article.partnerId))?.agreement;
  if (agreement?.robots !== 'index' || agreement.canonical !== 'self') return undefined;
  return {
    key: orderKey(article.content.publishedAt, article.articleId),
    articleId: article.articleId,
    slug: article.slug,
    lastmod: article.modifiedAt,
    publishedAt: article.content.publishedAt,
    title: article.content.title,
    language: article.content.language,
  };
}

/**
 * The publisher's part: brings the sitemap entries of a batch's changed articles up to date (an
 * entry where the article is indexable now, none where it was public before and is not listed now,
 * or sat under another date), then rewrites only the shards those keys fall in, the index and the news
 * sitemap. Publishing one new article touches the open shard, the index and the news sitemap,
 * whatever the archive's size; a takedown, correction or backdated arrival rewrites the one shard
 * it falls in (docs/decisions/0046-sitemap-shards-sealed-by-count.md).
 */
export async function publishSitemaps(
  changes: readonly ArticleChange[],
  articles: ReadonlyMap<string, Article>,
  deps: SitemapDependencies,
  writes: SiteWrites,
  now: Date,
): Promise<void> {
  const put: SitemapEntry[] = [];
  const remove = new Set<string>();
  for (const id of new Set(changes.map((change) => change.articleId))) {
    const article = articles.get(id);
    const entry = article && (await sitemapEntryOf(article, deps.partners));
    for (const change of changes) {
      if (change.articleId !== id || change.before?.visibility !== 'public') continue;
      const before = orderKey(change.before.publishedAt, id);
      if (before !== entry?.key) remove.add(before);
    }
    if (entry) put.push(entry);
  }
  await refreshSitemaps(put, [...remove], deps, writes, now);
}

/**
 * A republish job's part, once per chunk of articles: sets each article's entry from its current
 * state and the partner's current agreement, which is how a changed agreement reaches the sitemaps,
 * and rewrites the shards they fall in; the index when a shard changed, the news sitemap when an
 * entry of the last two days moved. A job that changes no entry writes nothing here (the bootstrap
 * renders the index and the news sitemap again at every deploy, which is when their URLs change).
 */
export async function republishSitemaps(
  articles: readonly Article[],
  deps: SitemapDependencies,
  writes: SiteWrites,
  now: Date,
): Promise<void> {
  const put: SitemapEntry[] = [];
  const remove: string[] = [];
  for (const article of articles) {
    const entry = await sitemapEntryOf(article, deps.partners);
    if (entry) put.push(entry);
    else remove.push(orderKey(article.content.publishedAt, article.articleId));
  }
  const { shards, changed } = await updateShards(put, remove, deps, writes, now);
  if (changed) await renderIndex(shards, deps, writes);
  const cutoff = newsCutoff(now);
  if ([...put.map((entry) => entry.key), ...remove].some((key) => key > cutoff))
    await renderNews(deps, writes, now);
}

/**
 * The bootstrap's part: the index of the shards as recorded and the news sitemap, so both exist,
 * valid, before the first article (the pages sitemap is furniture). Writes nothing to the table.
 */
export async function bootstrapSitemaps(
  deps: SitemapDependencies,
  writes: SiteWrites,
  now: Date,
): Promise<void> {
  await renderIndex(new ShardMap(await deps.store.sitemapShards(), now), deps, writes);
  await renderNews(deps, writes, now);
}

async function refreshSitemaps(
  put: readonly SitemapEntry[],
  remove: readonly string[],
  deps: SitemapDependencies,
  writes: SiteWrites,
  now: Date,
): Promise<void> {
  // Rendered whenever an entry moved, even if no record changed: a retry after a failed write puts it
  // again (unchanged bytes cost a HEAD). A batch of articles that are not listed leaves both alone.
  if (put.length > 0 || remove.length > 0)
    await renderIndex((await updateShards(put, remove, deps, writes, now)).shards, deps, writes);
  // Every publish: articles age out of the last two days without any change of theirs.
  await renderNews(deps, writes, now);
}

/** Writes the entries, renders the shards their keys fall in and records the shards that changed. */
async function updateShards(
  put: readonly SitemapEntry[],
  remove: readonly string[],
  deps: SitemapDependencies,
  writes: SiteWrites,
  now: Date,
): Promise<{ shards: ShardMap; changed: boolean }> {
  if (put.length > 0 || remove.length > 0) await deps.store.writeSitemapEntries({ put, remove });
  const shards = new ShardMap(await deps.store.sitemapShards(), now);
  const touched = new Set([...put.map((entry) => entry.key), ...remove].map((key) => shards.of(key)));
  const changed: SitemapShard[] = [];
  for (const shard of touched) changed.push(...(await renderShard(shard, shards, deps, writes)));
  if (changed.length > 0) await deps.store.writeSitemapShards(changed);
  return { shards, changed: changed.length > 0 };
}

/**
 * Renders one shard from its key range as the table holds it now, first sealing what it must: the
 * open shard's oldest `SHARD_SIZE` once it holds that many, a sealed shard's oldest `SHARD_SIZE`
 * while it holds more than twice that. Returns the records that changed.
 */
async function renderShard(
  shard: SitemapShard,
  shards: ShardMap,
  deps: SitemapDependencies,
  writes: SiteWrites,
): Promise<SitemapShard[]> {
  const size = deps.sitemapShardSize ?? SHARD_SIZE;
  let entries = await deps.store.sitemapEntries({ after: shards.lowerBound(shard), upTo: shard.upTo });
  const changed: SitemapShard[] = [];
  // A sealed shard that backdated arrivals grew past twice the size has its oldest `size` sealed anew.
  const mustCut = () => (shard.upTo === undefined ? entries.length >= size : entries.length > 2 * size);
  while (mustCut()) {
    const piece = entries.slice(0, size);
    entries = entries.slice(size);
    const sealed = shards.seal(piece.at(-1)?.key as string);
    if (await writeShard(sealed, piece, shards.now, deps, writes)) changed.push(sealed);
  }
  if (await writeShard(shard, entries, shards.now, deps, writes)) changed.push(shard);
  return changed;
}

/** Puts (or, emptied, deletes) a shard's document; updates its record and says whether it changed. */
async function writeShard(
  shard: SitemapShard,
  entries: readonly SitemapEntry[],
  now: Date,
  deps: SitemapDependencies,
  writes: SiteWrites,
): Promise<boolean> {
  const key = sitemapLocations(deps.urls).shard(shard.id).key;
  let hash = '';
  if (entries.length > 0) {
    const body = renderArticleSitemap(entries, deps.urls);
    hash = createHash('sha256').update(body).digest('hex');
    await writes.put({ key, body, ...XML_OBJECT });
  } else if (shard.hash !== '') {
    // The schema asks for at least one URL: an emptied shard goes, and leaves the index.
    await deps.bucket.delete(key);
  }
  if (hash === shard.hash && entries.length === shard.urls) return false;
  shard.hash = hash;
  shard.urls = entries.length;
  shard.changedAt = now.toISOString();
  return true;
}

/** The index: the pages sitemap, then every shard that lists a URL, oldest range first. */
async function renderIndex(shards: ShardMap, deps: SitemapDependencies, writes: SiteWrites): Promise<void> {
  const at = sitemapLocations(deps.urls);
  const listed: IndexedSitemap[] = [
    { url: at.pages().url },
    ...shards.inOrder
      .filter((shard) => shard.urls > 0)
      .map((shard) => ({ url: at.shard(shard.id).url, lastmod: shard.changedAt })),
  ];
  await writes.put({ key: at.index().key, body: renderSitemapIndex(listed), ...XML_OBJECT });
}

/** The news sitemap: the newest entries of the last two days, at most `NEWS_MAX_URLS`; one bounded query. */
async function renderNews(deps: SitemapDependencies, writes: SiteWrites, now: Date): Promise<void> {
  const entries = await deps.store.sitemapEntries({
    after: newsCutoff(now),
    // Keys are `instant#articleId`: this bound is above every key of this instant and below the next.
    upTo: `${now.toISOString()}#\uffff`,
    newest: NEWS_MAX_URLS,
  });
  await writes.put({
    key: sitemapLocations(deps.urls).news().key,
    body: renderNewsSitemap(entries, deps.urls, deps.site),
    ...XML_OBJECT,
  });
}

/** Keys above this are of the last two days. */
function newsCutoff(now: Date): string {
  return new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
}

/** The shard records in key order, the open shard (made if missing) last. */
class ShardMap {
  readonly inOrder: SitemapShard[];
  readonly now: Date;

  constructor(records: readonly SitemapShard[], now: Date) {
    this.now = now;
    this.inOrder = [...records];
    if (!this.inOrder.some((shard) => shard.upTo === undefined))
      this.inOrder.push({ id: 0, urls: 0, hash: '', changedAt: now.toISOString() });
    this.#sort();
  }

  /** The shard a key falls in. */
  of(key: string): SitemapShard {
    return this.inOrder.find((shard) => shard.upTo === undefined || key <= shard.upTo) as SitemapShard;
  }

  /** The greatest key below the shard's range; `undefined` for the first. */
  lowerBound(shard: SitemapShard): string | undefined {
    return this.inOrder[this.inOrder.indexOf(shard) - 1]?.upTo;
  }

  /** A new sealed shard ending at `upTo`, numbered after every shard sealed before. */
  seal(upTo: string): SitemapShard {
    const id = Math.max(0, ...this.inOrder.map((shard) => shard.id)) + 1;
    const shard: SitemapShard = { id, upTo, urls: 0, hash: '', changedAt: this.now.toISOString() };
    this.inOrder.push(shard);
    this.#sort();
    return shard;
  }

  #sort(): void {
    this.inOrder.sort((a, b) =>
      a.upTo === undefined ? 1 : b.upTo === undefined ? -1 : a.upTo < b.upTo ? -1 : a.upTo > b.upTo ? 1 : 0,
    );
  }
}
