import { type FeedScope, scopeId } from '../domain/feed-scope';
import type { ArticleStore } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { RepublishScope } from './republish-job';

/** What choosing a job's feeds reads. */
export interface RepublishFeedDependencies {
  store: ArticleStore;
  partners: PartnerDirectory;
}

/**
 * The feed scope ids a job renders after its articles, the site feed first (with it go the index
 * and, for `all` and `feeds`, the site furniture). `all` and `feeds`: every feed the site has, as the
 * bootstrap renders them (every known feed and every registry partner's and language's), and the
 * feeds of `languages`, the languages the job's articles turned out to be in. A partner: the site
 * feed, the partner's, and the feeds of its registry languages and of `languages`.
 */
export async function republishFeeds(
  scope: RepublishScope,
  languages: readonly string[],
  deps: RepublishFeedDependencies,
): Promise<string[]> {
  const ids = new Set<string>();
  if (scope.kind === 'partner') {
    const partner = await deps.partners.getPartner(scope.partnerId);
    ids.add(scopeId({ kind: 'partner', partnerId: scope.partnerId }));
    for (const language of [...(partner?.languages ?? []), ...languages])
      ids.add(scopeId({ kind: 'language', language }));
  } else {
    for (const partner of await deps.partners.listPartners()) {
      ids.add(scopeId({ kind: 'partner', partnerId: partner.id }));
      for (const language of partner.languages) ids.add(scopeId({ kind: 'language', language }));
    }
    for (const id of await deps.store.feedScopes()) ids.add(id);
    for (const language of languages) ids.add(scopeId({ kind: 'language', language }));
  }
  ids.delete(scopeId({ kind: 'site' }));
  return [scopeId({ kind: 'site' } satisfies FeedScope), ...[...ids].sort()];
}
