import type { Article } from '../domain/article';
import { type FeedScope, parseScopeId, scopeId } from '../domain/feed-scope';
import type { ArticleStore } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { FeedArchivePlace } from '../render/feed-archive-links';
import { renderFeeds } from '../render/feed-documents';
import { type FeedTitle, languageFeedTitle, partnerFeedTitle, siteFeedTitle } from '../render/feed-titles';
import { type ListedFeed, renderIndexPage } from '../render/index-page';
import { CACHE_CONTROL, currentFeedCacheControl, MEDIA_TYPES } from '../render/media-types';
import type { SiteSettings } from '../render/site-settings';
import type { SiteUrls } from '../render/site-urls';
import type { CurrentFeed } from './feed-archives';
import { siteFeedArticles } from './site-feed-articles';
import type { SiteWrites } from './site-writes';

/** What rendering a feed reads. */
export interface FeedRenderDependencies {
  store: ArticleStore;
  partners: PartnerDirectory;
  urls: SiteUrls;
  site: SiteSettings;
}

/** CONTRACT §3: every feed holds the newest 50. */
export const FEED_SIZE = 50;
const INDEX_SIZE = 20;
const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
const FEED_MEDIA_TYPES = {
  rss: MEDIA_TYPES.rss,
  atom: MEDIA_TYPES.atom,
  json: MEDIA_TYPES.jsonFeed,
} as const;

/**
 * Remembers the feeds in `scopeIds` (the index links every feed ever published) and returns every
 * known feed, sorted. Read once and written only when a feed is new: most renders touch feeds that
 * already exist.
 */
export async function rememberFeeds(store: ArticleStore, scopeIds: Iterable<string>): Promise<string[]> {
  const known = new Set(await store.feedScopes());
  const fresh = [...new Set(scopeIds)].filter((id) => id !== scopeId({ kind: 'site' }) && !known.has(id));
  if (fresh.length > 0) await store.recordFeedScopes(fresh);
  return [...known, ...fresh].sort();
}

/**
 * Renders one feed, in its three formats, from its order's newest entries as the table holds them
 * now (for the site-wide feed, honouring the partners' `siteFeedShare` caps), or, given `current`
 * (feed-archives.ts), from the articles it chose, linking its `prev-archive`; for the site-wide
 * feed also the index, which lists `knownFeeds`, and the site furniture. An empty order gives an
 * empty, valid feed, so every feed can exist before its first article.
 */
export async function renderFeedScope(
  scope: FeedScope,
  knownFeeds: readonly string[],
  deps: FeedRenderDependencies,
  writes: SiteWrites,
  current?: CurrentFeed,
): Promise<void> {
  const members =
    current?.articles ??
    (scope.kind === 'site'
      ? await siteFeedArticles(deps, knownFeeds, FEED_SIZE)
      : await deps.store.getArticles(
          (await deps.store.newest(scopeId(scope), FEED_SIZE)).map((entry) => entry.articleId),
        ));
  const documents = await feedDocumentsOf(scope, members, deps, current?.archive);
  for (const format of FEED_FORMATS) {
    await writes.put({
      key: deps.urls.feed(scope, format).key,
      body: documents[format],
      contentType: FEED_MEDIA_TYPES[format],
      cacheControl: currentFeedCacheControl(deps.site.websubHubs),
    });
  }
  if (scope.kind !== 'site') return;
  await writes.put({
    key: deps.urls.home().key,
    body: renderIndexPage(
      members.slice(0, INDEX_SIZE),
      deps.urls,
      deps.site,
      await listedFeeds(knownFeeds, deps),
    ),
    contentType: MEDIA_TYPES.html,
    cacheControl: CACHE_CONTROL.page,
  });
}

/** Every partner and language feed ever published, titled, for the index. */
async function listedFeeds(scopeIds: readonly string[], deps: FeedRenderDependencies): Promise<ListedFeed[]> {
  const listed: ListedFeed[] = [];
  for (const id of scopeIds) {
    const scope = parseScopeId(id);
    if (scope && scope.kind !== 'site') listed.push({ scope, title: (await feedTitle(scope, deps)).title });
  }
  return listed;
}

/**
 * A feed's three documents holding `members` (newest first), titled and in the language they share:
 * the current feed, or with `archive` its place among the RFC 5005 archive documents.
 */
export async function feedDocumentsOf(
  scope: FeedScope,
  members: Article[],
  deps: FeedRenderDependencies,
  archive?: FeedArchivePlace,
) {
  return renderFeeds({
    scope,
    ...(await feedTitle(scope, deps)),
    language: feedLanguage(scope, members, deps.site),
    articles: members,
    urls: deps.urls,
    site: deps.site,
    ...(archive ? { archive } : {}),
  });
}

/** A feed's title: the site's, the partner's name from the registry, or the language's name. */
export async function feedTitle(scope: FeedScope, deps: FeedRenderDependencies): Promise<FeedTitle> {
  switch (scope.kind) {
    case 'site':
      return siteFeedTitle(deps.site);
    case 'partner':
      return partnerFeedTitle(
        deps.site,
        (await deps.partners.getPartner(scope.partnerId))?.name ?? scope.partnerId,
      );
    case 'language':
      return languageFeedTitle(deps.site, scope.language);
  }
}

/** A feed takes its articles' language when they share one, else the site's. */
export function feedLanguage(scope: FeedScope, articles: Article[], site: SiteSettings): string {
  if (scope.kind === 'language') return scope.language;
  const languages = new Set(articles.map((article) => article.content.language));
  const [only] = languages;
  return languages.size === 1 && only ? only : site.language;
}
