import type { Article } from '../domain/article';
import { awaitedRelease, type ReleaseMarkerChange } from '../domain/embargo';
import { ConfigurationError } from '../errors/configuration-error';
import type { ReleaseScheduler } from '../ports/release-scheduler';

/**
 * Arms the release a commit is about to record, before the commit: a schedule left behind by a
 * commit that then fails fires for an embargo the article does not have, and the release does
 * nothing; a commit recorded without its schedule would leave the article waiting for ever.
 */
export async function armRelease(
  articleId: string,
  marker: ReleaseMarkerChange | undefined,
  releases: ReleaseScheduler | undefined,
): Promise<void> {
  if (marker?.kind !== 'arm') return;
  if (!releases) {
    throw new ConfigurationError(
      'no release scheduler is configured: an embargoed article could not go live',
    );
  }
  await releases.arm({ articleId, releaseAt: marker.releaseAt });
}

/**
 * Disarms the release an article waited for before a commit that moved, lifted or cancelled its
 * embargo. Best effort: a release left armed finds the embargo gone and does nothing.
 */
export async function disarmStaleRelease(
  before: Article | undefined,
  after: Article,
  releases: ReleaseScheduler | undefined,
): Promise<void> {
  const stale = awaitedRelease(before);
  if (!stale || !releases || stale.releaseAt === awaitedRelease(after)?.releaseAt) return;
  try {
    await releases.disarm(stale);
  } catch {
    // Deliberately ignored: see above. The delivery is already stored and answered.
  }
}
