import { randomUUID } from 'node:crypto';
import type { Partner } from '../config/partner-registry-schema';
import type { Article } from '../domain/article';
import { type FeedScope, parseScopeId, scopeId, scopesOf } from '../domain/feed-scope';
import { orderKey } from '../domain/site-order';
import { PublishLockBusyError } from '../errors/store-errors';
import type { ArticleStore, Neighbours } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { PublishLock } from '../ports/publish-lock';
import type { SiteBucket, SiteObject } from '../ports/site-bucket';
import { renderArticleDocument } from '../render/article-document';
import { renderArticlePage } from '../render/article-page';
import { renderFeeds } from '../render/feed-documents';
import { type ListedFeed, renderIndexPage } from '../render/index-page';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import type { SiteSettings } from '../render/site-settings';
import type { SiteUrls } from '../render/site-urls';
import { SITE_ICON, SITE_STYLESHEET } from '../render/stylesheet';
import type { ArticleChange } from './article-change';
import { writePool } from './write-pool';

/** What the publisher needs. */
export interface PublishDependencies {
  store: ArticleStore;
  bucket: SiteBucket;
  lock: PublishLock;
  partners: PartnerDirectory;
  urls: SiteUrls;
  site: SiteSettings;
  clock?: () => Date;
  /** How long a lease lasts: longer than the publisher function's timeout. Default 90 s. */
  lockTtlMs?: number;
  /** How long to wait for another publisher before failing the batch for a retry. Default 20 s. */
  lockWaitMs?: number;
}

/** What one batch did, for logs, metrics and tests. */
export interface PublishReport {
  articles: number;
  written: string[];
  unchanged: number;
  removed: string[];
}

/** CONTRACT §3: every feed holds the newest 50. */
export const FEED_SIZE = 50;
const INDEX_SIZE = 20;
const WRITE_CONCURRENCY = 8;
const SITE = 'site';
const DEFAULT_AGREEMENT: Partner['agreement'] = { canonical: 'original', robots: 'index' };

/**
 * Renders what a batch of changes affects, once each: the changed articles' pages, the pages of
 * their old and new neighbours, the feeds they left or joined and the index. Everything is read
 * from the table's current state, under the publish lock, so two publishers never interleave a
 * stale read with a newer write (docs/decisions/0008-one-publisher-at-a-time.md).
 */
export async function publishChanges(
  changes: ArticleChange[],
  deps: PublishDependencies,
): Promise<PublishReport> {
  if (changes.length === 0) return { articles: 0, written: [], unchanged: 0, removed: [] };
  const owner = randomUUID();
  await acquire(deps.lock, owner, deps.lockTtlMs ?? 90_000, deps.lockWaitMs ?? 20_000);
  try {
    return await renderAffected(changes, deps);
  } finally {
    await deps.lock.release(owner);
  }
}

async function acquire(lock: PublishLock, owner: string, ttlMs: number, waitMs: number): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await lock.acquire(owner, ttlMs)) return;
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new PublishLockBusyError(waited);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
  }
}

async function renderAffected(changes: ArticleChange[], deps: PublishDependencies): Promise<PublishReport> {
  const report: PublishReport = { articles: 0, written: [], unchanged: 0, removed: [] };
  const changedIds = [...new Set(changes.map((change) => change.articleId))];
  report.articles = changedIds.length;

  const articles = new Map(
    (await deps.store.getArticles(changedIds)).map((article) => [article.articleId, article]),
  );
  const neighbourCache = new Map<string, Neighbours>();
  const scopes = new Map<string, FeedScope>();
  const pages = new Set<string>();
  const addScopes = (of: { partnerId: string; language: string }) => {
    for (const scope of scopesOf(of)) scopes.set(scopeId(scope), scope);
  };

  for (const change of changes) {
    if (change.before?.visibility === 'public') {
      addScopes(change.before);
      // The old neighbours now face each other: both pages get new links.
      const old = await deps.store.neighbours(SITE, orderKey(change.before.publishedAt, change.articleId));
      for (const entry of [old.previous, old.next])
        if (entry && entry.articleId !== change.articleId) pages.add(entry.articleId);
    }
    const article = articles.get(change.articleId);
    if (article?.visibility === 'public') {
      addScopes({ partnerId: article.partnerId, language: article.content.language });
      pages.add(article.articleId);
      const around = await neighboursOf(article, deps.store, neighbourCache);
      for (const entry of [around.previous, around.next]) if (entry) pages.add(entry.articleId);
    }
  }

  const writes = writePool(WRITE_CONCURRENCY);
  const put = (object: SiteObject) =>
    writes.add(async () => {
      const outcome = await deps.bucket.put(object);
      if (outcome === 'written') report.written.push(object.key);
      else report.unchanged++;
    });

  const missing = [...pages].filter((id) => !articles.has(id));
  for (const article of await deps.store.getArticles(missing)) articles.set(article.articleId, article);
  for (const id of pages) {
    const article = articles.get(id);
    if (article?.visibility !== 'public') continue;
    const neighbours = await neighboursOf(article, deps.store, neighbourCache);
    const partner = await deps.partners.getPartner(article.partnerId);
    await put({
      key: deps.urls.articlePage(article.slug).key,
      body: renderArticlePage({
        article,
        neighbours,
        agreement: partner?.agreement ?? DEFAULT_AGREEMENT,
        urls: deps.urls,
        site: deps.site,
      }),
      contentType: MEDIA_TYPES.html,
      cacheControl: CACHE_CONTROL.page,
    });
    await put({
      key: deps.urls.articleJson(article.slug).key,
      body: renderArticleDocument(article, neighbours, deps.urls),
      contentType: MEDIA_TYPES.json,
      cacheControl: CACHE_CONTROL.page,
    });
  }

  for (const id of changedIds) {
    const article = articles.get(id);
    if (!article || article.visibility === 'public') continue;
    for (const key of [deps.urls.articlePage(article.slug).key, deps.urls.articleJson(article.slug).key]) {
      await deps.bucket.delete(key);
      report.removed.push(key);
    }
  }

  // Read once, written only when a feed is new: most batches touch feeds that already exist.
  const knownFeeds = new Set(await deps.store.feedScopes());
  const newFeeds = [...scopes.keys()].filter((id) => id !== SITE && !knownFeeds.has(id));
  if (newFeeds.length > 0) await deps.store.recordFeedScopes(newFeeds);
  for (const id of newFeeds) knownFeeds.add(id);
  for (const scope of scopes.values()) {
    const entries = await deps.store.newest(scopeId(scope), FEED_SIZE);
    const members = await deps.store.getArticles(entries.map((entry) => entry.articleId));
    const documents = renderFeeds({
      scope,
      ...(await feedTitle(scope, deps)),
      language: feedLanguage(scope, members, deps.site),
      articles: members,
      urls: deps.urls,
      site: deps.site,
    });
    for (const format of FEED_FORMATS) {
      await put({
        key: deps.urls.feed(scope, format).key,
        body: documents[format],
        contentType: FEED_MEDIA_TYPES[format],
        cacheControl: CACHE_CONTROL.feed,
      });
    }
    if (scope.kind === 'site') {
      await put({
        key: deps.urls.home().key,
        body: renderIndexPage(
          members.slice(0, INDEX_SIZE),
          deps.urls,
          deps.site,
          await listedFeeds([...knownFeeds].sort(), deps),
        ),
        contentType: MEDIA_TYPES.html,
        cacheControl: CACHE_CONTROL.page,
      });
      for (const asset of siteAssets(deps.urls)) await put(asset);
    }
  }

  await writes.drain();

  const renderedAt = (deps.clock ?? (() => new Date()))().toISOString();
  for (const id of changedIds) {
    const article = articles.get(id);
    if (!article) continue;
    await deps.store.markRendered({
      articleId: id,
      state: article.visibility === 'public' ? 'published' : 'unpublished',
      revision: article.revision,
      renderedSeq: article.changeSeq,
      renderedAt,
    });
  }
  return report;
}

const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
const FEED_MEDIA_TYPES = {
  rss: MEDIA_TYPES.rss,
  atom: MEDIA_TYPES.atom,
  json: MEDIA_TYPES.jsonFeed,
} as const;

/** The stylesheet and icon every page links to; checked with the index, written only when changed. */
function siteAssets(urls: SiteUrls): SiteObject[] {
  return [
    {
      key: urls.stylesheet().key,
      body: SITE_STYLESHEET,
      contentType: MEDIA_TYPES.css,
      cacheControl: CACHE_CONTROL.asset,
    },
    {
      key: urls.favicon().key,
      body: SITE_ICON,
      contentType: MEDIA_TYPES.svg,
      cacheControl: CACHE_CONTROL.asset,
    },
  ];
}

async function neighboursOf(
  article: Article,
  store: ArticleStore,
  cache: Map<string, Neighbours>,
): Promise<Neighbours> {
  let neighbours = cache.get(article.articleId);
  if (!neighbours) {
    neighbours = await store.neighbours(SITE, orderKey(article.content.publishedAt, article.articleId));
    cache.set(article.articleId, neighbours);
  }
  return neighbours;
}

/** Every partner and language feed ever published, titled, for the index. */
async function listedFeeds(scopeIds: string[], deps: PublishDependencies): Promise<ListedFeed[]> {
  const listed: ListedFeed[] = [];
  for (const id of scopeIds) {
    const scope = parseScopeId(id);
    if (scope && scope.kind !== 'site') listed.push({ scope, title: (await feedTitle(scope, deps)).title });
  }
  return listed;
}

async function feedTitle(
  scope: FeedScope,
  deps: PublishDependencies,
): Promise<{ title: string; description: string }> {
  switch (scope.kind) {
    case 'site':
      return { title: deps.site.title, description: deps.site.description };
    case 'partner': {
      const name = (await deps.partners.getPartner(scope.partnerId))?.name ?? scope.partnerId;
      return { title: `${deps.site.title}: ${name}`, description: `Articles delivered by ${name}.` };
    }
    case 'language':
      return {
        title: `${deps.site.title} (${scope.language})`,
        description: `Articles in ${scope.language}.`,
      };
  }
}

/** A feed takes its articles' language when they share one, else the site's. */
function feedLanguage(scope: FeedScope, articles: Article[], site: SiteSettings): string {
  if (scope.kind === 'language') return scope.language;
  const languages = new Set(articles.map((article) => article.content.language));
  const [only] = languages;
  return languages.size === 1 && only ? only : site.language;
}
