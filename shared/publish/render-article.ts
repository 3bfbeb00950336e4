import type { Partner } from '../config/partner-registry-schema';
import type { Article } from '../domain/article';
import type { Neighbours } from '../ports/article-store';
import type { SiteBucket } from '../ports/site-bucket';
import { renderArticleDocument } from '../render/article-document';
import { renderArticlePage } from '../render/article-page';
import { CACHE_CONTROL, MEDIA_TYPES } from '../render/media-types';
import { renderRemovedPage } from '../render/removed-page';
import type { FeedRenderDependencies } from './render-feed-scope';
import type { SiteWrites } from './site-writes';

const DEFAULT_AGREEMENT: Partner['agreement'] = { canonical: 'original', robots: 'index' };

/**
 * Puts a public article's page and its JSON document, linked to `neighbours` (its neighbours in the
 * site order). The publisher and republish jobs render an article through here, so a job rebuilds
 * exactly what the publisher would.
 */
export async function renderPublicArticle(
  article: Article,
  neighbours: Neighbours,
  deps: FeedRenderDependencies,
  writes: SiteWrites,
): Promise<void> {
  const partner = await deps.partners.getPartner(article.partnerId);
  await writes.put({
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
  await writes.put({
    key: deps.urls.articleJson(article.slug).key,
    body: renderArticleDocument(article, neighbours, deps.urls),
    contentType: MEDIA_TYPES.json,
    cacheControl: CACHE_CONTROL.page,
  });
}

/**
 * Puts the page left where a taken-down or withdrawn article was and deletes its JSON document;
 * returns the deleted key. The address answers 410 with a page that says so, rather than a bare 404:
 * readers who follow an old link learn what happened, crawlers drop it. Its data goes.
 */
export async function renderRemovedArticle(
  article: Article,
  deps: FeedRenderDependencies & { bucket: SiteBucket },
  writes: SiteWrites,
): Promise<string> {
  await writes.put({
    key: deps.urls.articlePage(article.slug).key,
    body: renderRemovedPage(deps.urls, deps.site),
    contentType: MEDIA_TYPES.html,
    cacheControl: CACHE_CONTROL.page,
    httpStatus: 410,
  });
  const data = deps.urls.articleJson(article.slug).key;
  await deps.bucket.delete(data);
  return data;
}
