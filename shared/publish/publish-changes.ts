import type { Article } from '../domain/article';
import { type FeedScope, scopeId, scopesOf } from '../domain/feed-scope';
import { orderKey } from '../domain/site-order';
import type { ArticleStore, Neighbours } from '../ports/article-store';
import type { PublishLock } from '../ports/publish-lock';
import type { SiteBucket } from '../ports/site-bucket';
import type { ArticleChange } from './article-change';
import { renderFeedArchives } from './feed-archives';
import { type LeaseTimes, withPublishLease } from './publish-lease';
import { renderPublicArticle, renderRemovedArticle } from './render-article';
import { type FeedRenderDependencies, rememberFeeds, renderFeedScope } from './render-feed-scope';
import { siteWrites, type WriteReport } from './site-writes';

/** What the publisher needs. */
export interface PublishDependencies extends FeedRenderDependencies, LeaseTimes {
  bucket: SiteBucket;
  lock: PublishLock;
  clock?: () => Date;
}

/** What one batch did, for logs, metrics and tests. */
export interface PublishReport extends WriteReport {
  articles: number;
  removed: string[];
}

const SITE = 'site';

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
  return withPublishLease(deps.lock, deps, () => renderAffected(changes, deps));
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

  const writes = siteWrites(deps.bucket, report);

  const missing = [...pages].filter((id) => !articles.has(id));
  for (const article of await deps.store.getArticles(missing)) articles.set(article.articleId, article);
  for (const id of pages) {
    const article = articles.get(id);
    if (article?.visibility !== 'public') continue;
    await renderPublicArticle(article, await neighboursOf(article, deps.store, neighbourCache), deps, writes);
  }

  for (const id of changedIds) {
    const article = articles.get(id);
    if (!article || article.visibility === 'public') continue;
    report.removed.push(await renderRemovedArticle(article, deps, writes));
  }

  const knownFeeds = await rememberFeeds(deps.store, [...scopes.keys()]);
  for (const scope of scopes.values())
    await renderFeedScope(
      scope,
      knownFeeds,
      deps,
      writes,
      // RFC 5005 archives first: what they seal leaves the current feed (decision 0044).
      await renderFeedArchives(scope, changes, articles, deps, writes, knownFeeds),
    );

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
