import type { Article } from '../../shared/domain/article';
import { orderChanges } from '../../shared/domain/order-entry';
import type { RevisionCommit } from '../../shared/ports/article-store';

/**
 * What ingest commits for an article's first delivery (head, revision 1, its orders and the pending
 * marker, no delivery record): for tests and benchmarks that seed the table directly.
 */
export function firstRevisionCommit(
  article: Article,
  recordedAt = article.content.publishedAt,
): RevisionCommit {
  return {
    article,
    revision: {
      articleId: article.articleId,
      revision: 1,
      content: article.content,
      contentHash: article.contentHash,
      visibility: article.visibility,
      origin: { kind: 'delivery', deliveryId: `seed-${article.externalId}`, eventType: 'article.published' },
      recordedAt,
    },
    expectedRevision: undefined,
    expectedChangeSeq: undefined,
    orders: orderChanges(undefined, article),
  };
}
