import type { SiteObject } from '../ports/site-bucket';
import { renderFaviconIco } from '../render/favicon-ico';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import { renderNotFoundPage } from '../render/not-found-page';
import type { SiteSettings } from '../render/site-settings';
import type { SiteUrls } from '../render/site-urls';
import { renderPagesSitemap, renderRobotsTxt } from '../render/sitemap-documents';
import { sitemapLocations } from '../render/sitemap-urls';
import { SITE_ICON, SITE_STYLESHEET } from '../render/stylesheet';

/**
 * The objects every page relies on and no article changes (CONTRACT §3, "site furniture"): the
 * stylesheet, the SVG icon pages link to, `favicon.ico` at the root where browsers and readers
 * look for it, `404.html` for every missing address, `robots.txt` naming the sitemaps and the sitemap of the
 * site's own pages (docs/sitemaps.md). Checked with each index render and by
 * the bootstrap; written only when their bytes change, which is when a deploy changes them.
 */
export function siteFurniture(urls: SiteUrls, site: SiteSettings): SiteObject[] {
  return [
    {
      key: urls.stylesheet().key,
      body: SITE_STYLESHEET,
      contentType: MEDIA_TYPES.css,
      cacheControl: CACHE_CONTROL.asset,
    },
    {
      key: urls.favicon().key,
      body: SITE_ICON,
      contentType: MEDIA_TYPES.svg,
      cacheControl: CACHE_CONTROL.asset,
    },
    {
      key: urls.faviconIco().key,
      body: renderFaviconIco(),
      contentType: MEDIA_TYPES.ico,
      cacheControl: CACHE_CONTROL.asset,
    },
    {
      key: urls.notFoundPage().key,
      body: renderNotFoundPage(urls, site),
      contentType: MEDIA_TYPES.html,
      cacheControl: CACHE_CONTROL.page,
    },
    {
      key: sitemapLocations(urls).robots().key,
      body: renderRobotsTxt(urls),
      contentType: MEDIA_TYPES.text,
      cacheControl: CACHE_CONTROL.page,
    },
    {
      key: sitemapLocations(urls).pages().key,
      body: renderPagesSitemap(urls),
      contentType: MEDIA_TYPES.xml,
      cacheControl: CACHE_CONTROL.feed,
    },
  ];
}
