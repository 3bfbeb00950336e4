import type { Article } from '../domain/article';
import { escapeHtml } from '../text/html-escape';
import { labelsFor } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, pageShell } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** `index.html`: the newest articles, each in its own language and direction, with every site feed. */
export function renderIndexPage(articles: Article[], urls: SiteUrls, site: SiteSettings): string {
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
    direction: 'ltr',
    title: site.title,
    head: [
      `<meta name="description" content="${escapeHtml(site.description)}">`,
      `<link rel="canonical" href="${escapeHtml(urls.home().url)}">`,
      feedDiscoveryLinks(urls, siteFeeds),
    ].join('\n'),
    body: `<h1>${escapeHtml(labels.latest)}</h1>\n<ol class="article-list">\n${items}\n</ol>`,
    footer: `<p>${labels.feeds}</p><ul>${feedFooterLinks(urls, siteFeeds)}</ul>`,
    urls,
    site,
  });
}
