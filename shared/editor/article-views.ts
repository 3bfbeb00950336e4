import type { Article, Publication } from '../domain/article';
import { fieldsOf } from '../domain/correctable-values';
import type { RevisionSummary } from '../ports/article-store';
import type { SiteUrls } from '../render/site-urls';
import type { ArticleDetailView, ArticleSummaryView, RevisionView, TakedownEventView } from './editor-views';
import { editorialStateOf } from './editorial-state';

/** An article as the editor list shows it. */
export function articleSummaryView(
  article: Article,
  publication: Publication | undefined,
  urls: SiteUrls,
): ArticleSummaryView {
  const { content } = article;
  const { attribution } = content;
  return {
    articleId: article.articleId,
    partnerId: article.partnerId,
    externalId: article.externalId,
    slug: article.slug,
    url: urls.articlePage(article.slug).url,
    title: content.title,
    language: content.language,
    direction: content.direction,
    publishedAt: content.publishedAt,
    updatedAt: content.updatedAt,
    modifiedAt: article.modifiedAt,
    revision: article.revision,
    state: editorialStateOf(article, publication),
    attribution: {
      deliveredBy: { ...attribution.deliveredBy },
      publisher: { ...attribution.publisher },
      publisherSource: attribution.publisherSource,
      ...(attribution.via !== undefined ? { via: attribution.via } : {}),
      authors: content.authors.map((author) => ({ ...author })),
      ...(attribution.license !== undefined ? { license: attribution.license } : {}),
      originalUrl: attribution.originalUrl,
    },
    held: fieldsOf(article.editorial?.held ?? {}),
  };
}

function revisionView(revision: RevisionSummary): RevisionView {
  const { origin } = revision;
  return {
    revision: revision.revision,
    recordedAt: revision.recordedAt,
    visibility: revision.visibility,
    title: revision.title,
    origin:
      origin.kind === 'delivery'
        ? { kind: 'delivery', deliveryId: origin.deliveryId, eventType: origin.eventType }
        : {
            kind: 'editor',
            action: origin.action,
            editor: origin.editor,
            reason: origin.reason,
            ...(origin.fields ? { fields: [...origin.fields] } : {}),
          },
  };
}

/** The takedowns and restores of a history, oldest first. */
function takedownEvents(revisions: readonly RevisionSummary[]): TakedownEventView[] {
  return revisions
    .flatMap((revision): TakedownEventView[] => {
      const { origin } = revision;
      if (origin.kind !== 'editor' || (origin.action !== 'takedown' && origin.action !== 'restore'))
        return [];
      return [
        {
          action: origin.action,
          at: revision.recordedAt,
          editor: origin.editor,
          reason: origin.reason,
          revision: revision.revision,
        },
      ];
    })
    .sort((a, b) => a.revision - b.revision);
}

/** An article in full: its head, what was last rendered, and its history newest first. */
export function articleDetailView(
  article: Article,
  publication: Publication | undefined,
  revisions: readonly RevisionSummary[],
  urls: SiteUrls,
): ArticleDetailView {
  const { content } = article;
  const takedown = article.editorial?.takedown;
  return {
    ...articleSummaryView(article, publication, urls),
    summary: content.summary,
    categories: [...content.categories],
    ...(content.image
      ? { image: { url: content.image.url, ...(content.image.alt ? { alt: content.image.alt } : {}) } }
      : {}),
    publication: publication
      ? { state: publication.state, revision: publication.revision, renderedAt: publication.renderedAt }
      : null,
    revisions: [...revisions].sort((a, b) => b.revision - a.revision).map(revisionView),
    corrections: (article.editorial?.corrections ?? []).map((notice) => ({
      ...notice,
      fields: [...notice.fields],
    })),
    takedowns: takedownEvents(revisions),
    ...(takedown ? { takedown: { at: takedown.at, editor: takedown.editor, reason: takedown.reason } } : {}),
  };
}
