import type { SitemapEntry } from '../domain/sitemap';
import { escapeText } from '../text/markup';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';
import { sitemapLocations } from './sitemap-urls';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One `<sitemap>` of the index. */
export interface IndexedSitemap {
  url: string;
  lastmod?: string;
}

/** Text and URLs escaped for XML character data; `escapeText`'s entities are all XML's own or numeric. */
const xml = (value: string) => escapeText(value);

/** A W3C datetime in UTC: what both the sitemap and the news schemas accept, whatever the offset delivered. */
const utc = (instant: string) => new Date(instant).toISOString();

/** The sitemap index (sitemaps.org siteindex.xsd): every sitemap, with when it last changed. */
export function renderSitemapIndex(sitemaps: readonly IndexedSitemap[]): string {
  const items = sitemaps.map(
    (sitemap) =>
      `  <sitemap>\n    <loc>${xml(sitemap.url)}</loc>\n` +
      (sitemap.lastmod ? `    <lastmod>${utc(sitemap.lastmod)}</lastmod>\n` : '') +
      '  </sitemap>\n',
  );
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${items.join('')}</sitemapindex>\n`;
}

/** The sitemap of the site's own pages: the home page, which every crawl starts from. */
export function renderPagesSitemap(urls: SiteUrls): string {
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n  <url>\n    <loc>${xml(urls.home().url)}</loc>\n  </url>\n</urlset>\n`;
}

/**
 * An article shard (sitemaps.org sitemap.xsd): each article page with its `<lastmod>`, oldest first.
 * Never called with no entries: the schema asks for at least one `<url>`, so an empty shard is
 * deleted and left out of the index instead.
 */
export function renderArticleSitemap(entries: readonly SitemapEntry[], urls: SiteUrls): string {
  const items = entries.map(
    (entry) =>
      `  <url>\n    <loc>${xml(urls.articlePage(entry.slug).url)}</loc>\n    <lastmod>${utc(entry.lastmod)}</lastmod>\n  </url>\n`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${items.join('')}</urlset>\n`;
}

/**
 * The Google News sitemap: the articles of the last two days, newest first, each with the
 * publication (the site, in the article's language), its publication date and title. With none, it
 * lists the home page alone, without news markup: the schema asks for at least one `<url>`, and a
 * URL without `<news:news>` is an ordinary sitemap URL that news crawlers pass over.
 */
export function renderNewsSitemap(
  entries: readonly SitemapEntry[],
  urls: SiteUrls,
  site: SiteSettings,
): string {
  const items =
    entries.length === 0
      ? [`  <url>\n    <loc>${xml(urls.home().url)}</loc>\n  </url>\n`]
      : entries.map(
          (entry) =>
            `  <url>\n    <loc>${xml(urls.articlePage(entry.slug).url)}</loc>\n` +
            '    <news:news>\n' +
            '      <news:publication>\n' +
            `        <news:name>${xml(site.title)}</news:name>\n` +
            `        <news:language>${newsLanguage(entry.language, site.language)}</news:language>\n` +
            '      </news:publication>\n' +
            `      <news:publication_date>${utc(entry.publishedAt)}</news:publication_date>\n` +
            `      <news:title>${xml(entry.title)}</news:title>\n` +
            '    </news:news>\n' +
            '  </url>\n',
        );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${items.join('')}</urlset>\n`;
}

/**
 * A language as Google News names it: an ISO 639 code of two or three letters, except Chinese,
 * which is `zh-cn` (Simplified) or `zh-tw` (Traditional). Our tags are already the shortest BCP 47
 * form (`ar`, `en`, `zh-Hant`).
 */
export function newsLanguage(tag: string, fallback: string): string {
  const [primary = '', ...rest] = tag.toLowerCase().split('-');
  if (primary === 'zh')
    return rest.some((subtag) => ['hant', 'tw', 'hk', 'mo'].includes(subtag)) ? 'zh-tw' : 'zh-cn';
  if (/^[a-z]{2,3}$/.test(primary)) return primary;
  return tag === fallback ? 'en' : newsLanguage(fallback, fallback);
}

/**
 * `robots.txt`: every crawler may fetch everything (pages that must not be indexed say so
 * themselves, with `<meta name="robots">`), and the two sitemaps are named.
 */
export function renderRobotsTxt(urls: SiteUrls): string {
  const at = sitemapLocations(urls);
  return `User-agent: *\nAllow: /\n\nSitemap: ${at.index().url}\nSitemap: ${at.news().url}\n`;
}
