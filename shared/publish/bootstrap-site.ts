import { type FeedScope, parseScopeId, scopeId } from '../domain/feed-scope';
import type { PublishLock } from '../ports/publish-lock';
import type { SiteBucket } from '../ports/site-bucket';
import { renderFeedArchives } from './feed-archives';
import { DEFAULT_LEASE_TTL_MS, type LeaseTimes, withPublishLease } from './publish-lease';
import { bootstrapSitemaps } from './publish-sitemaps';
import { type FeedRenderDependencies, rememberFeeds, renderFeedScope } from './render-feed-scope';
import { siteFurniture } from './site-furniture';
import { siteWrites, type WriteReport } from './site-writes';

/** What the bootstrap needs: what the publisher needs, less the clock (it records no publication). */
export interface BootstrapDependencies extends FeedRenderDependencies, LeaseTimes {
  bucket: SiteBucket;
  lock: PublishLock;
}

/** What a bootstrap did. */
export interface BootstrapReport extends WriteReport {
  /** The feeds rendered: the site's, each registry partner's and language's, and every other known one. */
  feeds: string[];
}

/**
 * Long enough for a lease left by a publisher that crashed mid-batch to lapse, so a start or a
 * deploy right after a crash waits for it instead of failing.
 */
const DEFAULT_BOOTSTRAP_WAIT_MS = DEFAULT_LEASE_TTL_MS + 10_000;

/**
 * Makes the whole site exist as the table describes it now, before its first article and after any
 * deploy: the index, the site-wide feeds, the feeds of every partner and every language the registry
 * names (and every other feed already published), and the site furniture (stylesheet, icons,
 * `404.html`). On an empty table every feed is empty and valid.
 *
 * It renders under the publish lease from the current state, as the publisher does, so it can never
 * put an older view over a newer render; and the bucket skips unchanged bytes, so running it again,
 * at every start and every deploy, writes nothing unless something changed
 * (docs/decisions/0014-site-bootstrap.md).
 */
export async function bootstrapSite(deps: BootstrapDependencies): Promise<BootstrapReport> {
  const lease = { lockTtlMs: deps.lockTtlMs, lockWaitMs: deps.lockWaitMs ?? DEFAULT_BOOTSTRAP_WAIT_MS };
  return withPublishLease(deps.lock, lease, async () => {
    const registry = await deps.partners.listPartners();
    const registryScopes: FeedScope[] = registry.flatMap((partner) => [
      { kind: 'partner' as const, partnerId: partner.id },
      ...partner.languages.map((language) => ({ kind: 'language' as const, language })),
    ]);
    const knownFeeds = await rememberFeeds(deps.store, registryScopes.map(scopeId));
    const scopes: FeedScope[] = [{ kind: 'site' }];
    for (const id of knownFeeds) {
      const scope = parseScopeId(id);
      if (scope) scopes.push(scope);
    }

    const report: BootstrapReport = { written: [], unchanged: 0, feeds: scopes.map(scopeId) };
    const writes = siteWrites(deps.bucket, report, { verify: true });
    // Seals what is due (all of it, the first time a site with articles runs with archives).
    for (const scope of scopes)
      await renderFeedScope(
        scope,
        knownFeeds,
        deps,
        writes,
        await renderFeedArchives(scope, [], new Map(), deps, writes, knownFeeds),
      );
    // The furniture changes only with a deployment, and the bootstrap runs at every one (and every
    // local start): publishes need not check it again.
    for (const object of siteFurniture(deps.urls, deps.site)) await writes.put(object);
    await bootstrapSitemaps(deps, writes, new Date());
    await writes.drain();
    return report;
  });
}
