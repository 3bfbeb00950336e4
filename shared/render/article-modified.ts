import type { Article } from '../domain/article';

/**
 * When the article last changed for its readers: the partner's `updatedAt`, or its newest
 * correction when that is later. Compared as instants; the value that wins is returned as stored,
 * so a partner's offset is kept. A correction never moves `publishedAt`, so the article keeps its
 * place in every order.
 */
export function lastModified(article: Article): string {
  return (article.editorial?.corrections ?? []).reduce(
    (latest, correction) => (Date.parse(correction.at) > Date.parse(latest) ? correction.at : latest),
    article.content.updatedAt,
  );
}
