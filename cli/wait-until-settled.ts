import type { ArticleDetailView } from '../shared/editor/editor-views';
import { OutcomeError } from './cli-errors';
import type { EditorApiClient } from './editor-api-client';

/** How often the article is read again while the publisher renders it. */
const POLL_INTERVAL_MS = 250;

/**
 * Reads the article until its state is no longer `pending` (the publisher has rendered the change)
 * and returns it; an `OutcomeError` when that takes longer than `timeoutMs`. The change stays
 * accepted either way: the publisher catches up on its own.
 */
export async function waitUntilSettled(
  client: EditorApiClient,
  accepted: ArticleDetailView,
  timeoutMs: number,
): Promise<ArticleDetailView> {
  const deadline = Date.now() + timeoutMs;
  let view = accepted;
  while (view.state === 'pending') {
    if (Date.now() >= deadline) {
      throw new OutcomeError(
        `${view.articleId}: accepted as revision ${view.revision}, but not live after ${timeoutMs / 1000} s; ` +
          `the publisher will catch up (see synd articles show ${view.articleId})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    view = await client.getArticle(view.articleId);
  }
  return view;
}
