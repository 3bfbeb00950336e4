import type { Partner } from '../config/partner-registry-schema';
import type { Article } from '../domain/article';
import type { Neighbours } from '../ports/article-store';
import { escapeHtml } from '../text/html-escape';
import { labelsFor } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, jsonForScript, pageShell } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** Everything an article page shows. */
export interface ArticlePageInput {
  article: Article;
  neighbours: Neighbours;
  /** The delivering partner's agreement decides canonical and robots. */
  agreement: Partner['agreement'];
  urls: SiteUrls;
  site: SiteSettings;
}

function formatDate(iso: string, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

function joinList(items: string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** The article page (CONTRACT §3): lang/dir, byline, date, attribution, body, previous/next. */
export function renderArticlePage(input: ArticlePageInput): string {
  const { article, neighbours, agreement, urls, site } = input;
  const { content } = article;
  const { attribution } = content;
  const labels = labelsFor(content.language);
  const pageUrl = urls.articlePage(article.slug).url;
  const canonical = agreement.canonical === 'original' ? content.url : pageUrl;
  const previousUrl = neighbours.previous && urls.articlePage(neighbours.previous.slug).url;
  const nextUrl = neighbours.next && urls.articlePage(neighbours.next.slug).url;
  const authors = content.authors.map((author) =>
    author.url
      ? `<a href="${escapeHtml(author.url)}" rel="author">${escapeHtml(author.name)}</a>`
      : escapeHtml(author.name),
  );
  const joined = joinList(authors, content.language);
  const feedScopes = [
    { scope: { kind: 'site' as const }, title: site.title },
    {
      scope: { kind: 'partner' as const, partnerId: article.partnerId },
      title: attribution.deliveredBy.name,
    },
    {
      scope: { kind: 'language' as const, language: content.language },
      title: `${site.title} (${content.language})`,
    },
  ];
  const publisher = attribution.publisher.url
    ? `<a href="${escapeHtml(attribution.publisher.url)}">${escapeHtml(attribution.publisher.name)}</a>`
    : escapeHtml(attribution.publisher.name);
  const deliveredBy = attribution.deliveredBy.homepage
    ? `<a href="${escapeHtml(attribution.deliveredBy.homepage)}">${escapeHtml(attribution.deliveredBy.name)}</a>`
    : escapeHtml(attribution.deliveredBy.name);
  const isRepublished = attribution.publisher.name !== attribution.deliveredBy.name;

  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: content.title,
    description: content.summary,
    inLanguage: content.language,
    datePublished: content.publishedAt,
    dateModified: content.updatedAt,
    url: pageUrl,
    mainEntityOfPage: canonical,
    author: content.authors.map((author) => ({
      '@type': 'Person',
      name: author.name,
      ...(author.url ? { url: author.url } : {}),
    })),
    publisher: { '@type': 'Organization', name: site.title, url: urls.home().url },
    sourceOrganization: {
      '@type': 'Organization',
      name: attribution.publisher.name,
      ...(attribution.publisher.url ? { url: attribution.publisher.url } : {}),
    },
    isBasedOn: attribution.originalUrl,
    ...(content.image ? { image: content.image.url } : {}),
    ...(attribution.license ? { license: attribution.license } : {}),
  };

  const head = [
    `<meta name="description" content="${escapeHtml(content.summary)}">`,
    `<link rel="canonical" href="${escapeHtml(canonical)}">`,
    `<meta name="robots" content="${agreement.robots === 'index' ? 'index, follow' : 'noindex, follow'}">`,
    previousUrl ? `<link rel="prev" href="${escapeHtml(previousUrl)}">` : '',
    nextUrl ? `<link rel="next" href="${escapeHtml(nextUrl)}">` : '',
    feedDiscoveryLinks(urls, feedScopes),
    `<meta property="og:type" content="article">`,
    `<meta property="og:title" content="${escapeHtml(content.title)}">`,
    `<meta property="og:description" content="${escapeHtml(content.summary)}">`,
    `<meta property="og:url" content="${escapeHtml(pageUrl)}">`,
    `<meta property="og:site_name" content="${escapeHtml(site.title)}">`,
    `<meta property="og:locale" content="${escapeHtml(content.language.replace('-', '_'))}">`,
    content.image ? `<meta property="og:image" content="${escapeHtml(content.image.url)}">` : '',
    `<meta property="article:published_time" content="${escapeHtml(content.publishedAt)}">`,
    `<meta property="article:modified_time" content="${escapeHtml(content.updatedAt)}">`,
    `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`,
  ]
    .filter(Boolean)
    .join('\n');

  const nav = [
    previousUrl && neighbours.previous
      ? `<a class="previous" rel="prev" href="${escapeHtml(previousUrl)}"><span>${labels.previous}</span><br>${escapeHtml(neighbours.previous.title)}</a>`
      : '',
    nextUrl && neighbours.next
      ? `<a class="next" rel="next" href="${escapeHtml(nextUrl)}"><span>${labels.next}</span><br>${escapeHtml(neighbours.next.title)}</a>`
      : '',
  ].join('\n');

  const body = `<article>
<h1>${escapeHtml(content.title)}</h1>
<p class="byline">${authors.length > 0 ? `${labels.by} <span class="authors">${joined}</span> · ` : ''}<time datetime="${escapeHtml(content.publishedAt)}">${escapeHtml(formatDate(content.publishedAt, content.language))}</time></p>
<aside class="attribution" aria-label="${labels.source}">
<p>${labels.originallyPublishedBy} ${publisher}${attribution.via && isRepublished ? ` · ${labels.via} ${escapeHtml(attribution.via)}` : ''}</p>
${isRepublished ? `<p>${labels.deliveredBy} ${deliveredBy}</p>` : ''}
${content.authors.length > 0 ? `<p>${labels.author}: ${joined}</p>` : ''}
${attribution.license ? `<p>${labels.license}: ${escapeHtml(attribution.license)}</p>` : ''}
<p><a href="${escapeHtml(attribution.originalUrl)}">${labels.readOriginal}</a></p>
</aside>
<div class="article-body">
${content.bodyHtml}
</div>
</article>
<nav class="article-nav" aria-label="${labels.articleNavigation}">
${nav}
</nav>`;

  return pageShell({
    language: content.language,
    direction: content.direction,
    title: `${content.title} · ${site.title}`,
    head,
    body,
    footer: `<p>${labels.feeds}</p><ul>${feedFooterLinks(urls, feedScopes)}</ul>`,
    urls,
    site,
  });
}
