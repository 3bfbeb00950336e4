import type { Article } from '../domain/article';
import { directionOf } from '../text/language';
import { html, raw, type SafeHtml } from '../text/markup';
import { siteFeedTitle } from './feed-titles';
import { formatDate, labelsFor, listParts, type PageLabels, standInAttributes } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, pageShell, type TitledFeed } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** A feed the index links to, with the title a reader sees. */
export type ListedFeed = TitledFeed;

/** Names as text, joined as the labels' language joins a list. */
function joinNames(names: string[], labels: PageLabels): string {
  return listParts(names.length, labels)
    .map((part) => (part.item === undefined ? (part.literal ?? '') : names[part.item]))
    .join('');
}

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
  const siteFeeds = [{ scope: { kind: 'site' as const }, title: siteFeedTitle(site).title }];
  const items = articles.map(({ slug, content }) => {
    const by = joinNames(
      content.authors.map((author) => author.name),
      labels,
    );
    // The date is in the page's words, not the article's: mark it when the two differ.
    const dateLanguage = standInAttributes(labels, content.language);
    return raw(html`<li lang="${content.language}" dir="${content.direction}">
<h2><a href="${urls.articlePage(slug).url}">${content.title}</a></h2>
<p><time datetime="${content.publishedAt}"${dateLanguage}>${formatDate(content.publishedAt, labels)}</time>${by ? ` · ${by}` : ''} · ${content.attribution.publisher.name}</p>
<p>${content.summary}</p>
</li>
`);
  });
  const ours = standInAttributes(labels, site.language);
  const list =
    items.length > 0
      ? html`<ol class="article-list">\n${items}</ol>`
      : html`<p class="empty"${ours}>${labels.noArticlesYet}</p>`;
  return pageShell({
    language: site.language,
    direction: directionOf(site.language),
    title: site.title,
    head: html`<meta name="description" content="${site.description}">
<link rel="canonical" href="${urls.home().url}">
${raw(feedDiscoveryLinks(urls, siteFeeds))}`,
    body: html`<h1${ours}>${labels.latest}</h1>\n${raw(list)}`,
    footer: html`<p${ours}>${labels.feeds}</p><ul>${raw(feedFooterLinks(urls, [...siteFeeds, ...feeds]))}</ul>`,
    urls,
    site,
  });
}
