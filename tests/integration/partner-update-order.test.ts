import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleEditing } from '../../shared/editor/article-editing';
import { inlineText } from '../../shared/text/markup';
import { englishArticle } from '../support/fixtures';
import { TestPipeline } from '../support/test-pipeline';

/**
 * A partner's update is refused when its `updatedAt` is older than the partner's newest one seen,
 * also when that newest one changed nothing readers see (the article's `updatedAt` is a correction's,
 * later than the partner's edit).
 */
describe('the partner’s newest updatedAt of a corrected article', () => {
  let stack: TestPipeline;
  let minute = 0;
  const eventTime = () => new Date(Date.UTC(2024, 11, 1, 9, minute++)).toISOString();
  const deliver = (data: Record<string, unknown>, type: string) =>
    stack.invokeIngest({
      ...englishArticle({ externalId: 'order-1', url: 'https://other.example/news/order-1', ...data }, type),
      timestamp: eventTime(),
    });

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is remembered from an update readers do not see, so an older update after it is refused', async () => {
    const first = await deliver({ updatedAt: '2024-11-28T10:00:00Z' }, 'article.published');
    expect(first.status).toBe(202);
    const { articleId } = first.json as { articleId: string };
    await createArticleEditing(stack.pipeline.context).correctArticle(
      articleId,
      { values: { title: inlineText('Grain talks resume') }, release: [], reason: 'Shorter' },
      { id: 'local-editor' },
    );

    // The partner sends the article again with a newer updatedAt: the correction is later still, so
    // nothing readers see changes.
    const newer = await deliver({ updatedAt: '2024-11-29T10:00:00Z' }, 'article.updated');
    expect(newer.status, JSON.stringify(newer.json)).toBeLessThan(300);

    // A retried older edit, with a body that differs: it must not overwrite the newer one.
    const older = await deliver(
      { contentText: 'An older draft of the report.', updatedAt: '2024-11-28T12:00:00Z' },
      'article.updated',
    );
    expect(older.status, JSON.stringify(older.json)).toBe(409);
  });
});
