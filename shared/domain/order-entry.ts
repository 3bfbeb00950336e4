import type { PlainText } from '../text/markup';
import type { Article } from './article';
import { type FeedScope, scopeId, scopesOf } from './feed-scope';
import { orderKey } from './site-order';

/** An article's place in one ordered list, with what a previous/next link shows. */
export interface OrderEntry {
  scope: string;
  key: string;
  articleId: string;
  slug: string;
  title: PlainText;
  publishedAt: string;
}

/** The entries a public article has in the site, partner and language orders; none when withdrawn. */
export function orderEntriesOf(article: Article | undefined): OrderEntry[] {
  if (article?.visibility !== 'public') return [];
  const key = orderKey(article.content.publishedAt, article.articleId);
  return scopesOf({ partnerId: article.partnerId, language: article.content.language }).map(
    (scope: FeedScope) => ({
      scope: scopeId(scope),
      key,
      articleId: article.articleId,
      slug: article.slug,
      title: article.content.title,
      publishedAt: article.content.publishedAt,
    }),
  );
}

/** What to delete and what to write so the orders go from `before` to `after`. */
export function orderChanges(
  before: Article | undefined,
  after: Article,
): { remove: OrderEntry[]; put: OrderEntry[] } {
  const next = orderEntriesOf(after);
  const kept = new Set(next.map((entry) => `${entry.scope}|${entry.key}`));
  return {
    remove: orderEntriesOf(before).filter((entry) => !kept.has(`${entry.scope}|${entry.key}`)),
    put: next,
  };
}
