import type { Article } from '../domain/article';
import { awaitedRelease, type ScheduledRelease } from '../domain/embargo';
import { orderChanges } from '../domain/order-entry';
import { ConcurrentChangeError } from '../errors/store-errors';
import type { ArticleStore } from '../ports/article-store';

/** What the release use case needs. */
export interface ReleaseDependencies {
  store: ArticleStore;
  /** The wall clock unless a test pins it. */
  clock?: () => Date;
  /** How to wait for an instant a few moments ahead; `setTimeout` unless a test says otherwise. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What a release did: `released` (live now), `recorded` (taken down by an editor: the partner's
 * embargo is over, so a restore takes it live), `stale` (the embargo was moved, lifted or cancelled,
 * or the article was already released: nothing to do), `early` (its instant is further ahead than
 * a release waits: arm it again).
 */
export type ReleaseOutcome = 'released' | 'recorded' | 'stale' | 'early';

/** A schedule may fire a little before its instant; a release waits this long at most rather than come back. */
const MAX_WAIT_MS = 60_000;
const MAX_ATTEMPTS = 5;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes an embargoed article live at its instant: into the site, partner and language orders, with
 * a new `changeSeq` the publisher renders from the table's stream, as any other change. Idempotent
 * and safe against a moved embargo: it acts only while the article still waits for exactly
 * `release.releaseAt`, and its write is conditioned on the head it read.
 */
export async function releaseArticle(
  release: ScheduledRelease,
  deps: ReleaseDependencies,
): Promise<ReleaseOutcome> {
  const now = () => (deps.clock ? deps.clock() : new Date());
  const sleep = deps.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    const head = await deps.store.getArticle(release.articleId);
    if (awaitedRelease(head)?.releaseAt !== release.releaseAt || !head) return 'stale';
    const wait = new Date(release.releaseAt).getTime() - now().getTime();
    if (wait > MAX_WAIT_MS) return 'early';
    if (wait > 0) {
      // Nothing is public before its time, not even a second.
      await sleep(wait);
      continue;
    }
    try {
      return await commit(head, now().toISOString(), deps.store);
    } catch (error) {
      // An update or an editor's action came in between: judge the release again on the new head.
      if (!(error instanceof ConcurrentChangeError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function commit(head: Article, at: string, store: ArticleStore): Promise<ReleaseOutcome> {
  const expected = { expectedRevision: head.revision, expectedChangeSeq: head.changeSeq };
  const takedown = head.editorial?.takedown;
  if (head.visibility === 'withdrawn' && head.editorial && takedown) {
    // Still down, and nothing public changes; but the partner's article is now meant to be live.
    const article: Article = {
      ...head,
      modifiedAt: at,
      editorial: { ...head.editorial, takedown: { ...takedown, partnerVisibility: 'public' } },
    };
    await store.commitRelease({ article, ...expected, orders: { remove: [], put: [] }, publishes: false });
    return 'recorded';
  }
  const article: Article = {
    ...head,
    visibility: 'public',
    changeSeq: head.changeSeq + 1,
    modifiedAt: at,
    neverPublic: undefined,
  };
  await store.commitRelease({ article, ...expected, orders: orderChanges(head, article), publishes: true });
  return 'released';
}
