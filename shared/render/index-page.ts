import type { Article } from '../domain/article';
import type { FeedScope } from '../domain/feed-scope';
import { escapeHtml } from '../text/html-escape';
import { directionOf } from '../text/language';
import { labelsFor } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, pageShell } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** A feed the index links to, with the title a reader sees. */
export interface ListedFeed {
  scope: FeedScope;
  title: string;
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
): string {
  const labels = labelsFor(site.language);
  const siteFeeds = [{ scope: { kind: 'site' as const }, title: site.title }];
  const items = articles
    .map(({ slug, content }) => {
      const by = content.authors.map((author) => author.name).join(', ');
      return `<li lang="${escapeHtml(content.language)}" dir="${content.direction}">
<h2><a href="${escapeHtml(urls.articlePage(slug).url)}">${escapeHtml(content.title)}</a></h2>
<p><time datetime="${escapeHtml(content.publishedAt)}">${escapeHtml(content.publishedAt.slice(0, 10))}</time>${by ? ` · ${escapeHtml(by)}` : ''} · ${escapeHtml(content.attribution.publisher.name)}</p>
<p>${escapeHtml(content.summary)}</p>
</li>`;
    })
    .join('\n');
  return pageShell({
    language: site.language,
    direction: directionOf(site.language),
    title: site.title,
    head: [
      `<meta name="description" content="${escapeHtml(site.description)}">`,
      `<link rel="canonical" href="${escapeHtml(urls.home().url)}">`,
      feedDiscoveryLinks(urls, siteFeeds),
    ].join('\n'),
    body: `<h1>${escapeHtml(labels.latest)}</h1>\n<ol class="article-list">\n${items}\n</ol>`,
    footer: `<p>${labels.feeds}</p><ul>${feedFooterLinks(urls, [...siteFeeds, ...feeds])}</ul>`,
    urls,
    site,
  });
}
