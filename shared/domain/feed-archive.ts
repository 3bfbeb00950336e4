/**
 * One sealed archive of an order (RFC 5005 §4): the entries after the previous archive's bound up
 * to and including `upperKey`. Recorded once, when sealed, and never moved, so an article's archive
 * is decided by its order key alone (docs/decisions/0044-archive-boundaries-sealed-in-the-table.md).
 */
export interface ArchiveSeal {
  /** The order's scope id (`site`, `partner#…`, `language#…`). */
  scope: string;
  /**
   * 1 for the oldest archive, the origin (sealed empty when the feed first needs an archive), then
   * one more for each; the archive document's URL carries it.
   */
  number: number;
  /**
   * Its inclusive upper bound: the order key of the newest entry the archive held when sealed, or,
   * for the origin, a key just before the oldest entry the feed then held.
   */
  upperKey: string;
  sealedAt: string;
}

/** How many entries an archive takes when it is sealed (`FEED_ARCHIVE_SIZE`). */
export const DEFAULT_FEED_ARCHIVE_SIZE = 50;
