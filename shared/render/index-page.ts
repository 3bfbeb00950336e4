import type { Article } from '../domain/article';
import { directionOf } from '../text/language';
import { html, raw, type SafeHtml } from '../text/markup';
import { labelsFor } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, pageShell, type TitledFeed } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** A feed the index links to, with the title a reader sees. */
export type ListedFeed = TitledFeed;

/**
 * `index.html`: the newest articles, each in its own language and direction; the site's feeds for
 * autodiscovery, and every feed (site, each partner, each language) listed in the footer.
 */
export function renderIndexPage(
  articles: Article[],
  urls: SiteUrls,
  site: SiteSettings,
  feeds: ListedFeed[] = [],
): SafeHtml {
  const labels = labelsFor(site.language);
  const siteFeeds = [{ scope: { kind: 'site' as const }, title: site.title }];
  const items = articles.map(({ slug, content }) => {
    const by = content.authors.map((author) => author.name).join(', ');
    return raw(html`<li lang="${content.language}" dir="${content.direction}">
<h2><a href="${urls.articlePage(slug).url}">${content.title}</a></h2>
<p><time datetime="${content.publishedAt}">${content.publishedAt.slice(0, 10)}</time>${by ? ` · ${by}` : ''} · ${content.attribution.publisher.name}</p>
<p>${content.summary}</p>
</li>
`);
  });
  return pageShell({
    language: site.language,
    direction: directionOf(site.language),
    title: site.title,
    head: html`<meta name="description" content="${site.description}">
<link rel="canonical" href="${urls.home().url}">
${raw(feedDiscoveryLinks(urls, siteFeeds))}`,
    body: html`<h1>${labels.latest}</h1>\n<ol class="article-list">\n${items}</ol>`,
    footer: html`<p>${labels.feeds}</p><ul>${raw(feedFooterLinks(urls, [...siteFeeds, ...feeds]))}</ul>`,
    urls,
    site,
  });
}
