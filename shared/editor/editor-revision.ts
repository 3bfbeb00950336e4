import type { Article, ArticleContent, ArticleRevision, RevisionOrigin, Visibility } from '../domain/article';
import { contentHash } from '../domain/content-hash';
import type { Editorial } from '../domain/editorial';
import { neverPublicAfter, releaseMarkerChange } from '../domain/embargo';
import { orderChanges } from '../domain/order-entry';
import type { RevisionCommit } from '../ports/article-store';

/** What an editor's action changes on an article. */
export interface EditorChange {
  content: ArticleContent;
  visibility: Visibility;
  editorial: Editorial;
  origin: Extract<RevisionOrigin, { kind: 'editor' }>;
  /** UTC ISO instant of the action. */
  at: string;
}

/**
 * The commit of an editor's action: a new revision and head, `changeSeq` bumped so the publisher
 * renders it, the orders rewritten (their entries carry the title), conditioned on the head read.
 */
export function editorRevision(head: Article, change: EditorChange): RevisionCommit {
  const hash = contentHash(change.content);
  const article: Article = {
    ...head,
    revision: head.revision + 1,
    visibility: change.visibility,
    changeSeq: head.changeSeq + 1,
    content: change.content,
    contentHash: hash,
    modifiedAt: change.at,
    editorial: change.editorial,
    neverPublic: neverPublicAfter(head, change.visibility),
  };
  const revision: ArticleRevision = {
    articleId: head.articleId,
    revision: article.revision,
    content: change.content,
    contentHash: hash,
    visibility: change.visibility,
    origin: change.origin,
    recordedAt: change.at,
  };
  return {
    article,
    revision,
    expectedRevision: head.revision,
    expectedChangeSeq: head.changeSeq,
    orders: orderChanges(head, article),
    // A takedown keeps a scheduled article's release armed, so editors never schedule anything.
    releaseMarker: releaseMarkerChange(head, article),
  };
}
