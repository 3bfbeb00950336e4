import type { Article } from '../domain/article';
import type { OrderEntry } from '../domain/order-entry';
import type { Neighbours } from '../ports/article-store';
import type { SiteUrls } from './site-urls';

function link(entry: OrderEntry | undefined, urls: SiteUrls) {
  return entry
    ? { articleId: entry.articleId, title: entry.title, url: urls.articlePage(entry.slug).url }
    : null;
}

/** `articles/{slug}.json`: the article as data, with attribution and previous/next (CONTRACT §3). */
export function renderArticleDocument(article: Article, neighbours: Neighbours, urls: SiteUrls): string {
  const { content } = article;
  return `${JSON.stringify(
    {
      articleId: article.articleId,
      slug: article.slug,
      revision: article.revision,
      url: urls.articlePage(article.slug).url,
      title: content.title,
      summary: content.summary,
      contentHtml: content.bodyHtml,
      language: content.language,
      direction: content.direction,
      publishedAt: content.publishedAt,
      updatedAt: content.updatedAt,
      authors: content.authors,
      categories: content.categories,
      image: content.image ?? null,
      // As stored, oldest first; the editor's id stays in the audit trail.
      corrections: (article.editorial?.corrections ?? []).map(({ at, reason, fields }) => ({
        at,
        reason,
        fields,
      })),
      attribution: {
        deliveredBy: content.attribution.deliveredBy,
        publisher: content.attribution.publisher,
        via: content.attribution.via ?? null,
        license: content.attribution.license ?? null,
        originalUrl: content.attribution.originalUrl,
      },
      previous: link(neighbours.previous, urls),
      next: link(neighbours.next, urls),
    },
    null,
    2,
  )}\n`;
}
