import type { Article, Visibility } from './article';

/**
 * One article's release at one instant: what a schedule (EventBridge Scheduler in AWS, a timer
 * locally) carries, and what the store's release marker records. `releaseAt` is the instant of the
 * article's `publishedAt`, as a UTC ISO string, so two spellings of one instant are one release.
 */
export interface ScheduledRelease {
  articleId: string;
  releaseAt: string;
}

/** What a commit does to an article's release marker: puts it (a new or moved embargo) or removes it. */
export type ReleaseMarkerChange = { kind: 'arm'; releaseAt: string } | { kind: 'disarm' };

/** The instant of a `publishedAt`, as the UTC ISO string releases are keyed by. */
export function releaseInstantOf(publishedAt: string): string {
  return new Date(publishedAt).toISOString();
}

/**
 * True when an article dated `publishedAt` is under embargo at `now`: any instant after now.
 * Nothing is public before its time (CONTRACT §1), so even a second ahead waits.
 */
export function isEmbargoed(publishedAt: string, now: Date): boolean {
  return new Date(publishedAt).getTime() > now.getTime();
}

/**
 * The release an article still waits for: a scheduled article's, and a taken-down one's whose
 * partner had scheduled it (the release then only records that the partner's embargo is over, so a
 * restore takes it live). `undefined` for every other article.
 */
export function awaitedRelease(article: Article | undefined): ScheduledRelease | undefined {
  if (!article) return undefined;
  const waits =
    article.visibility === 'scheduled' ||
    (article.visibility === 'withdrawn' && article.editorial?.takedown?.partnerVisibility === 'scheduled');
  return waits
    ? { articleId: article.articleId, releaseAt: releaseInstantOf(article.content.publishedAt) }
    : undefined;
}

/** How the release marker changes when an article goes from `before` to `after`; `undefined`: it does not. */
export function releaseMarkerChange(
  before: Article | undefined,
  after: Article,
): ReleaseMarkerChange | undefined {
  const was = awaitedRelease(before);
  const next = awaitedRelease(after);
  if (next && next.releaseAt !== was?.releaseAt) return { kind: 'arm', releaseAt: next.releaseAt };
  if (was && !next) return { kind: 'disarm' };
  return undefined;
}

/**
 * The `neverPublic` flag of an article's next state: cleared for good once it is public, set on a
 * new article delivered under embargo, otherwise carried over (an article stored before embargoes
 * existed has no flag, and is treated as one that may have been public, as before).
 */
export function neverPublicAfter(current: Article | undefined, visibility: Visibility): true | undefined {
  if (visibility === 'public') return undefined;
  if (!current) return visibility === 'scheduled' ? true : undefined;
  return current.neverPublic;
}

/**
 * Whether an article off the site leaves the removed page (410) at its address: only one that was
 * public before (withdrawn, or rescheduled after a withdrawal). One scheduled, cancelled or taken
 * down before it ever went live leaves no trace at all: its slug is made from its title, so even
 * that page would give the embargo away.
 */
export function leavesRemovedPage(article: Article): boolean {
  return article.visibility !== 'public' && article.neverPublic !== true;
}

/**
 * The state a delivery's receipt gives an article the publisher has nothing to do for: `scheduled`
 * under embargo, `unpublished` once cancelled (or taken down) before it ever went live. `undefined`
 * for every other article, whose state depends on the publisher.
 */
export function embargoStateOf(article: Article): 'scheduled' | 'unpublished' | undefined {
  if (article.visibility === 'scheduled') return 'scheduled';
  if (article.neverPublic) return 'unpublished';
  return undefined;
}
