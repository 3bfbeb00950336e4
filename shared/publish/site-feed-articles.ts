import type { Article } from '../domain/article';
import { parseScopeId, scopeId } from '../domain/feed-scope';
import type { OrderEntry } from '../domain/order-entry';
import type { ArticleStore } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';

/** What choosing the site feed's articles reads. */
export interface SiteFeedSources {
  store: ArticleStore;
  partners: PartnerDirectory;
}

/** Partner orders read at once when the caps bind: a handful in flight, as the publisher's writes are. */
const READ_CONCURRENCY = 8;

/**
 * The articles of the site feed, newest first: the newest `size` of the site order, where a partner
 * whose registry entry has `siteFeedShare: { max }` contributes at most its newest `max`, so one
 * that floods leaves room for the others (docs/decisions/0018-bounded-feeds-and-partner-shares.md).
 * Only the feed and the index are capped: the previous/next chain of pages follows the whole order.
 *
 * The cost never depends on the archive's size or on how much a partner sent. The newest `size` of
 * the site order are read first; when no partner exceeds its cap among them they are the answer (one
 * query, as without caps). Otherwise the answer is the newest `size` of the union of every partner's
 * newest `min(max, size)`, which holds every article the capped feed can show: one query per partner
 * of at most `size` entries, partners being those of the registry and of every partner feed ever
 * published (`partnerFeeds`, scope ids), so one removed from the registry is still counted.
 *
 * With `after` (the newest sealed archive's bound), only entries after it are chosen: older ones
 * are in the sealed archives; those after it that are not chosen are in the open archive.
 */
export async function siteFeedArticles(
  sources: SiteFeedSources,
  partnerFeeds: readonly string[],
  size: number,
  after?: string,
  read?: SiteOrderRead,
): Promise<Article[]> {
  const { store } = sources;
  const newestEntries = read
    ? read.entries.slice(0, size)
    : await store.newest(scopeId({ kind: 'site' }), size);
  // After a takedown the entries after the bound can be fewer than `size`: never reach below it.
  const newestIds = newestEntries
    .filter((entry) => after === undefined || entry.key > after)
    .map((entry) => entry.articleId);
  const newest = read
    ? newestIds.flatMap((id) => read.articles.get(id) ?? [])
    : await store.getArticles(newestIds);
  const registry = await sources.partners.listPartners();
  const caps = new Map(
    registry.flatMap((partner) => (partner.siteFeedShare ? [[partner.id, partner.siteFeedShare.max]] : [])),
  );
  if (!exceedsCaps(newest, caps)) return newest;

  const partnerIds = new Set([
    ...registry.map((partner) => partner.id),
    ...partnerFeeds.flatMap((id) => {
      const scope = parseScopeId(id);
      return scope?.kind === 'partner' ? [scope.partnerId] : [];
    }),
    ...newest.map((article) => article.partnerId),
  ]);
  const candidates: OrderEntry[] = [];
  const ids = [...partnerIds];
  for (let start = 0; start < ids.length; start += READ_CONCURRENCY) {
    const lists = await Promise.all(
      ids.slice(start, start + READ_CONCURRENCY).map((partnerId) => {
        const limit = Math.min(caps.get(partnerId) ?? size, size);
        return limit > 0 ? store.newest(scopeId({ kind: 'partner', partnerId }), limit) : [];
      }),
    );
    // Only entries after the newest archive's bound: older ones are in the archives (decision 0044).
    candidates.push(...lists.flat().filter((entry) => after === undefined || entry.key > after));
  }
  // Order keys sort as the site order does (site-order.ts): the newest are the greatest.
  const chosen = candidates.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)).slice(0, size);

  const known = new Map(read?.articles ?? []);
  for (const article of newest) known.set(article.articleId, article);
  const missing = chosen.map((entry) => entry.articleId).filter((id) => !known.has(id));
  for (const article of await store.getArticles(missing)) known.set(article.articleId, article);
  return chosen.flatMap((entry) => known.get(entry.articleId) ?? []);
}

/**
 * The site order's entries after the newest archive's bound, newest first, and their articles, as
 * the archive step read them (feed-archives.ts): the site feed is chosen from them without reading
 * either again.
 */
export interface SiteOrderRead {
  entries: readonly OrderEntry[];
  articles: ReadonlyMap<string, Article>;
}

/** True when some partner has more articles in `articles` than its cap allows. */
function exceedsCaps(articles: readonly Article[], caps: ReadonlyMap<string, number>): boolean {
  if (caps.size === 0) return false;
  const counts = new Map<string, number>();
  for (const article of articles) {
    const count = (counts.get(article.partnerId) ?? 0) + 1;
    counts.set(article.partnerId, count);
    const cap = caps.get(article.partnerId);
    if (cap !== undefined && count > cap) return true;
  }
  return false;
}
