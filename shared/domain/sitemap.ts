import type { PlainText } from '../text/markup';

/**
 * One indexable article as the sitemaps list it, stored beside the orders under its site order key
 * (`orderKey(publishedAt, articleId)`), so a shard is one key range and the news sitemap the newest
 * keys (docs/decisions/0046-sitemap-shards-sealed-by-count.md).
 */
export interface SitemapEntry {
  /** The article's site order key: where it sits among the shards. */
  key: string;
  articleId: string;
  slug: string;
  /** When our copy of the article last changed (its head's `modifiedAt`): the URL's `<lastmod>`. */
  lastmod: string;
  /** As delivered; the news sitemap's `<news:publication_date>`. */
  publishedAt: string;
  title: PlainText;
  /** Shortest BCP 47 tag, as the article's. */
  language: string;
}

/**
 * A sitemap shard: the indexable articles whose keys lie above the previous shard's `upTo` and at
 * or below its own. The open shard (no `upTo`) takes every newer key; it is sealed, its boundary
 * written down for good, once it holds `SHARD_SIZE` URLs.
 */
export interface SitemapShard {
  /** 0 for the open shard; sealed shards are numbered 1, 2, 3… in the order they were sealed. */
  id: number;
  /** The greatest key the shard holds, fixed when it is sealed; absent for the open shard. */
  upTo?: string;
  /** How many URLs it listed when last rendered; a shard with none is left out of the index. */
  urls: number;
  /** SHA-256 of its document as last rendered, so `changedAt` moves only when the document does. */
  hash: string;
  /** When its document last changed: its `<lastmod>` in the sitemap index. */
  changedAt: string;
}
