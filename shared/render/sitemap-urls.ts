import type { SiteLocation, SiteUrls } from './site-urls';

/**
 * Where the sitemaps and `robots.txt` live: at the root, because a sitemap may only list URLs at or
 * below its own directory (sitemaps.org) and crawlers look for `robots.txt` only there.
 */
export const sitemapLocations = (urls: SiteUrls) => {
  const at = (key: string): SiteLocation => ({ key, url: `${urls.base}/${key}` });
  return {
    /** The sitemap index: the one sitemap address crawlers are given. */
    index: () => at('sitemap.xml'),
    /** The site's own pages (the home page), so the index always lists at least one sitemap. */
    pages: () => at('sitemap-pages.xml'),
    /** An article shard: `latest` is the open one, sealed shards are numbered. */
    shard: (id: number) => at(id === 0 ? 'sitemap-articles-latest.xml' : `sitemap-articles-${id}.xml`),
    /** The Google News sitemap: the last two days. */
    news: () => at('sitemap-news.xml'),
    robots: () => at('robots.txt'),
  };
};
