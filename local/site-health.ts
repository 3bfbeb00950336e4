import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * What `/healthz` says (docs/decisions/0013-local-run-health-and-lifecycle.md). Only `ok` is answered
 * 200; `pendingPublishes` counts accepted changes not yet live, so `ok` with 0 means every accepted
 * change can be read from the site.
 */
export type SiteHealth =
  /** The server listens (the start-up work needs the webhook) but the site is not up yet. */
  | { status: 'starting' }
  | {
      status: 'ok';
      pendingPublishes: number;
      /** Articles under embargo, waiting for their instant; never counted in `pendingPublishes`. */
      scheduledReleases: number;
    }
  /** The store cannot be read, so nobody can tell what is live. */
  | { status: 'unavailable' };

/** What the health check reads. */
export interface SiteHealthSources {
  /** False until the runtime's start-up work (the demo seed and its publishing) is done. */
  isReady: () => boolean;
  /** Accepted changes whose publishing has not finished: the store's pending-publish markers. */
  countPendingPublishes: () => Promise<number>;
  /** Articles under embargo (the store's release markers). */
  countScheduledReleases: () => Promise<number>;
  logger: Logger;
}

/** Reads the site's health; never throws, so the endpoint never answers with a 500. */
export async function readSiteHealth(sources: SiteHealthSources): Promise<SiteHealth> {
  if (!sources.isReady()) return { status: 'starting' };
  try {
    const [pendingPublishes, scheduledReleases] = await Promise.all([
      sources.countPendingPublishes(),
      sources.countScheduledReleases(),
    ]);
    return { status: 'ok', pendingPublishes, scheduledReleases };
  } catch (error) {
    sources.logger.error('health check could not count pending publishes', error as Error);
    return { status: 'unavailable' };
  }
}
