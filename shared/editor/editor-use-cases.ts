import type { CorrectableField, CorrectableValues, EditorIdentity } from '../domain/editorial';
import type { JobView, RepublishScope } from '../jobs/republish-job';
import type { ArticleDetailView, ArticleListView, EditorialState } from './editor-views';

/** A filter and a page of the editor list; `after` is a position a previous page returned. */
export interface ArticleListQuery {
  partnerId?: string;
  state?: EditorialState;
  language?: string;
  /** 1–100. */
  limit: number;
  /** The order key of the last article of the previous page (the API wraps it in an opaque cursor). */
  after?: string;
}

/** An editor's list page: the views, and the position to continue from when there is more. */
export interface ArticleListPage extends Omit<ArticleListView, 'nextCursor'> {
  after?: string;
}

/** A correction (`PATCH /v1/articles/{id}`): new values, fields given back to the partner, and why. */
export interface CorrectionRequest {
  values: CorrectableValues;
  /** Fields whose editor value is lifted: the partner's newest value applies again. */
  release: CorrectableField[];
  reason: string;
}

/** The editor's side of the pipeline, as the API, the CLI (through the API) and the console use it. */
export interface EditorUseCases {
  listArticles(query: ArticleListQuery): Promise<ArticleListPage>;
  /** Throws `NotFoundError` for an unknown id. */
  getArticle(articleId: string): Promise<ArticleDetailView>;
  /**
   * Records a correction as a new revision and lets the publisher render it. `expectedRevision`
   * (from `If-Match`) makes it fail with `PreconditionFailedError` if the article moved on.
   * Throws `NotFoundError`, `ValidationError` (a correction that changes nothing).
   */
  correctArticle(
    articleId: string,
    correction: CorrectionRequest,
    editor: EditorIdentity,
    expectedRevision?: number,
  ): Promise<ArticleDetailView>;
  /** Takes an article down everywhere until an editor republishes it. `ConflictError` if it is already down. */
  unpublishArticle(
    articleId: string,
    reason: string,
    editor: EditorIdentity,
    expectedRevision?: number,
  ): Promise<ArticleDetailView>;
  /**
   * Renders an article, its neighbours and its feeds again; restores it if an editor took it down.
   * `ConflictError` if its partner withdrew it.
   */
  republishArticle(articleId: string, editor: EditorIdentity, reason?: string): Promise<ArticleDetailView>;
  /** Starts a job that rebuilds every object in `scope`. `NotFoundError` for an unknown partner. */
  startRepublish(scope: RepublishScope, editor: EditorIdentity): Promise<JobView>;
  /** Throws `NotFoundError` for an unknown job. */
  getJob(jobId: string): Promise<JobView>;
}
