/** What the publisher needs to know about the site itself. */
export interface SiteSettings {
  title: string;
  description: string;
  /** Default language of site-wide pages and feeds (BCP 47). */
  language: string;
  /**
   * The most a feed item carries of an article's body, in bytes as the feed writes it
   * (`FEED_EXCERPT_BYTES`; `DEFAULT_FEED_EXCERPT_BYTES`, 16 KiB, when left out). A longer body is cut
   * at a block boundary and links to its page, which carries the whole article.
   */
  feedExcerptBytes?: number;
  /**
   * How many entries an archive document takes when it is sealed (`FEED_ARCHIVE_SIZE`;
   * `DEFAULT_FEED_ARCHIVE_SIZE`, 50, when left out). The feed holds the newest 50; the open archive
   * behind it the fewer than this that are newer than the newest sealed archive (decision 0044).
   */
  feedArchiveSize?: number;
  /**
   * The WebSub hubs every feed declares and the publishers notify after writing it (`WEBSUB_HUB_URL`,
   * docs/websub.md); none when left out or empty.
   */
  websubHubs?: readonly string[];
}
