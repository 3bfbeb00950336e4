/** One article's place in the catalog: its id and its order key (publication instant, then id). */
export interface CatalogEntry {
  articleId: string;
  /** `orderKey(publishedAt, articleId)`: the position a next page continues after. */
  key: string;
}

/** A page of the catalog, newest first; `after` is set when there may be more. */
export interface CatalogPage {
  entries: CatalogEntry[];
  after?: string;
}

/**
 * Every article in any state (public, taken down, withdrawn), newest first, by partner or all of
 * them: what the editor list and republish jobs walk. Adapters: DynamoDB (the `catalog` and
 * `byPartner` indexes, eventually consistent, so the heads are read afterwards).
 */
export interface ArticleCatalog {
  /** Up to `limit` entries older than `after` (or the newest when absent). */
  page(options: { partnerId?: string; after?: string; limit: number }): Promise<CatalogPage>;
  /** How many articles there are, for a job's `total`. */
  count(options: { partnerId?: string }): Promise<number>;
}
