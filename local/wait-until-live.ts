import type { ArticleStore } from '../shared/ports/article-store';

/**
 * Waits until no accepted change is pending publication, that is until everything accepted so
 * far is live. Returns false if `timeoutMs` passes first: the caller decides what that means.
 */
export async function waitUntilLive(
  store: Pick<ArticleStore, 'countPendingPublishes'>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await store.countPendingPublishes()) === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
