/** Media types of what we publish, each with its charset (CONTRACT §3). */
export const MEDIA_TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  /** Binary: no charset. `image/x-icon` rather than the registered `image/vnd.microsoft.icon`, which old browsers ignore. */
  ico: 'image/x-icon',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  jsonFeed: 'application/feed+json; charset=utf-8',
  /** Sitemaps and the sitemap index. */
  xml: 'application/xml; charset=utf-8',
  /** `robots.txt`. */
  text: 'text/plain; charset=utf-8',
} as const;

/**
 * Pages and feeds change whenever a neighbour or a newer article is published, so they are cached
 * briefly and revalidated with their ETag; the stylesheet changes only with a deploy.
 */
export const CACHE_CONTROL = {
  page: 'public, max-age=60, stale-while-revalidate=300',
  feed: 'public, max-age=60, stale-while-revalidate=300',
  /**
   * A current feed WebSub hubs are told about: every cache, the CDN's edge included, asks the bucket
   * again on each fetch (a 304 when nothing changed), so a hub fetching it on our notification gets
   * what was just written, never a copy cached before it (decision 0048).
   */
  pushedFeed: 'public, max-age=0, must-revalidate',
  asset: 'public, max-age=3600',
} as const;

/** The `Cache-Control` of a current feed: revalidated on every fetch once hubs are told of its changes. */
export function currentFeedCacheControl(websubHubs: readonly string[] | undefined): string {
  return websubHubs && websubHubs.length > 0 ? CACHE_CONTROL.pushedFeed : CACHE_CONTROL.feed;
}
