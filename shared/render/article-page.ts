import type { Partner } from '../config/partner-registry-schema';
import type { Article } from '../domain/article';
import type { Neighbours } from '../ports/article-store';
import { html, jsonLdScript, raw, type SafeHtml } from '../text/markup';
import { correctionNotice } from './correction-notice';
import { languageFeedTitle, partnerFeedTitle, siteFeedTitle } from './feed-titles';
import { formatDate, labelsFor, listParts, type PageLabels, standInAttributes } from './labels';
import { feedDiscoveryLinks, feedFooterLinks, pageShell } from './page-shell';
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

/**
 * Names joined as the labels' language joins a list ("A, B and C"). `Intl.ListFormat` formats
 * text, so its parts are taken apart: the words it adds are escaped, the names go in as the HTML
 * they are.
 */
function joinList(items: SafeHtml[], labels: PageLabels): SafeHtml {
  return html`${listParts(items.length, labels).map((part) => {
    const item = part.item === undefined ? undefined : items[part.item];
    return item === undefined ? (part.literal ?? '') : raw(item);
  })}`;
}

/** A name, linked when it has a URL. */
function linkedName(name: string, url: string | undefined, rel?: string): SafeHtml {
  return url ? html`<a href="${url}"${rel ? raw(html` rel="${rel}"`) : ''}>${name}</a>` : html`${name}`;
}

/** The article page (CONTRACT §3): lang/dir, byline, date, attribution, body, previous/next. */
export function renderArticlePage(input: ArticlePageInput): SafeHtml {
  const { article, neighbours, agreement, urls, site } = input;
  const { content } = article;
  const { attribution } = content;
  const labels = labelsFor(content.language);
  const pageUrl = urls.articlePage(article.slug).url;
  const canonical = agreement.canonical === 'original' ? content.url : pageUrl;
  const previousUrl = neighbours.previous && urls.articlePage(neighbours.previous.slug).url;
  const nextUrl = neighbours.next && urls.articlePage(neighbours.next.slug).url;
  // Intl.ListFormat joins text; the linked names are put back into its pattern, so each is escaped once.
  const authors = joinList(
    content.authors.map((author) => linkedName(author.name, author.url, 'author')),
    labels,
  );
  // Our words are English when we have none in the article's language: say so, so that screen
  // readers pronounce them as English and they read left to right inside a right-to-left page.
  const chrome = standInAttributes(labels, content.language);
  // Titled as each feed titles itself, so a reader's subscription shows the name the link promised.
  const feedScopes = [
    { scope: { kind: 'site' as const }, title: siteFeedTitle(site).title },
    {
      scope: { kind: 'partner' as const, partnerId: article.partnerId },
      title: partnerFeedTitle(site, attribution.deliveredBy.name).title,
    },
    {
      scope: { kind: 'language' as const, language: content.language },
      title: languageFeedTitle(site, content.language).title,
    },
  ];
  const publisher = linkedName(attribution.publisher.name, attribution.publisher.url);
  const deliveredBy = linkedName(attribution.deliveredBy.name, attribution.deliveredBy.homepage);
  const isRepublished = attribution.publisher.name !== attribution.deliveredBy.name;
  const corrections = article.editorial?.corrections ?? [];
  // A correction is a change readers should hear of (it moves updatedAt): search engines read dateModified.
  const modifiedAt = content.updatedAt;

  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: content.title,
    description: content.summary,
    inLanguage: content.language,
    datePublished: content.publishedAt,
    dateModified: modifiedAt,
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
    ...(corrections.length > 0
      ? {
          correction: corrections.map((correction) => ({
            '@type': 'CorrectionComment',
            text: correction.reason,
            datePublished: correction.at,
          })),
        }
      : {}),
  };

  const head = html`<meta name="description" content="${content.summary}">
<link rel="canonical" href="${canonical}">
<meta name="robots" content="${agreement.robots === 'index' ? 'index, follow' : 'noindex, follow'}">
${previousUrl ? raw(html`<link rel="prev" href="${previousUrl}">\n`) : ''}${nextUrl ? raw(html`<link rel="next" href="${nextUrl}">\n`) : ''}${raw(feedDiscoveryLinks(urls, feedScopes))}<meta property="og:type" content="article">
<meta property="og:title" content="${content.title}">
<meta property="og:description" content="${content.summary}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:site_name" content="${site.title}">
<meta property="og:locale" content="${content.language.replace('-', '_')}">
${content.image ? raw(html`<meta property="og:image" content="${content.image.url}">\n`) : ''}<meta property="article:published_time" content="${content.publishedAt}">
<meta property="article:modified_time" content="${modifiedAt}">
${raw(jsonLdScript(jsonLd))}`;

  const nav = html`${
    previousUrl && neighbours.previous
      ? raw(
          html`<a class="previous" rel="prev" href="${previousUrl}"><span${chrome}>${labels.previous}</span><br>${neighbours.previous.title}</a>`,
        )
      : ''
  }
${
  nextUrl && neighbours.next
    ? raw(
        html`<a class="next" rel="next" href="${nextUrl}"><span${chrome}>${labels.next}</span><br>${neighbours.next.title}</a>`,
      )
    : ''
}`;

  const byline = html`${
    content.authors.length > 0 ? raw(html`${labels.by} <span class="authors">${raw(authors)}</span> · `) : ''
  }<time datetime="${content.publishedAt}">${formatDate(content.publishedAt, labels)}</time>`;

  const body = html`<article>
<h1>${content.title}</h1>
<p class="byline"${chrome}>${raw(byline)}</p>
${raw(correctionNotice(corrections, labels, chrome))}<aside class="attribution" aria-label="${labels.source}"${chrome}>
<p>${labels.originallyPublishedBy} ${raw(publisher)}${attribution.via && isRepublished ? raw(html` · ${labels.via} ${attribution.via}`) : ''}</p>
${isRepublished ? raw(html`<p>${labels.deliveredBy} ${raw(deliveredBy)}</p>`) : ''}
${content.authors.length > 0 ? raw(html`<p>${labels.author}: ${raw(authors)}</p>`) : ''}
${attribution.license ? raw(html`<p>${labels.license}: ${attribution.license}</p>`) : ''}
<p><a href="${attribution.originalUrl}">${labels.readOriginal}</a></p>
</aside>
<div class="article-body">
${raw(content.bodyHtml)}
</div>
</article>
<nav class="article-nav" aria-label="${labels.articleNavigation}">
${raw(nav)}
</nav>`;

  return pageShell({
    language: content.language,
    direction: content.direction,
    title: `${content.title} · ${site.title}`,
    head,
    body,
    footer: html`<p${chrome}>${labels.feeds}</p><ul>${raw(feedFooterLinks(urls, feedScopes))}</ul>`,
    urls,
    site,
  });
}
