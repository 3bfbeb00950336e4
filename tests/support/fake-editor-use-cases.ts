import type { EditorIdentity } from '../../shared/domain/editorial';
import type {
  ArticleListPage,
  ArticleListQuery,
  CorrectionRequest,
  EditorUseCases,
} from '../../shared/editor/editor-use-cases';
import type { ArticleDetailView } from '../../shared/editor/editor-views';
import type { JobView, RepublishScope } from '../../shared/jobs/republish-job';
import { formatRepublishScope } from '../../shared/jobs/republish-job';
import type { PlainText } from '../../shared/text/markup';

/** One call the API made, with what it passed. */
export type RecordedCall =
  | { name: 'listArticles'; query: ArticleListQuery }
  | { name: 'getArticle'; articleId: string }
  | {
      name: 'correctArticle';
      articleId: string;
      correction: CorrectionRequest;
      editor: EditorIdentity;
      expectedRevision?: number;
    }
  | {
      name: 'unpublishArticle';
      articleId: string;
      reason: string;
      editor: EditorIdentity;
      expectedRevision?: number;
    }
  | { name: 'republishArticle'; articleId: string; editor: EditorIdentity; reason?: string }
  | { name: 'startRepublish'; scope: RepublishScope; editor: EditorIdentity }
  | { name: 'getJob'; jobId: string };

/** An article as the editor views show it; tests change what they need. */
export function sampleArticleView(overrides: Partial<ArticleDetailView> = {}): ArticleDetailView {
  return {
    articleId: 'almadar-2024-0042',
    partnerId: 'almadar',
    externalId: '2024-0042',
    slug: 'rains-return',
    url: 'http://localhost:3000/articles/almadar-2024-0042/rains-return/',
    title: 'Rains return' as PlainText,
    language: 'en',
    direction: 'ltr',
    publishedAt: '2024-11-27T09:00:00.000Z',
    updatedAt: '2024-11-27T09:00:00.000Z',
    modifiedAt: '2024-11-27T09:00:00.000Z',
    revision: 3,
    state: 'published',
    attribution: {
      deliveredBy: { partnerId: 'almadar', name: 'Al Madar' },
      publisher: { name: 'Al Madar' },
      publisherSource: 'partner',
      authors: [],
      originalUrl: 'https://almadar.example/2024-0042',
    },
    held: [],
    summary: 'The rains came back.',
    categories: [],
    publication: { state: 'published', revision: 3, renderedAt: '2024-11-27T09:00:05.000Z' },
    revisions: [],
    corrections: [],
    takedowns: [],
    ...overrides,
  };
}

/** A job as `GET /v1/jobs/{jobId}` shows it. */
export function sampleJobView(scope: RepublishScope, editor: string): JobView {
  return {
    jobId: 'job-0001',
    scope: formatRepublishScope(scope),
    state: 'running',
    done: 0,
    total: 12,
    editor,
    createdAt: '2024-11-27T10:00:00.000Z',
    updatedAt: '2024-11-27T10:00:00.000Z',
  };
}

/**
 * The editor use cases in memory, for tests of the API's routing, authentication and validation:
 * each call is recorded, and `failWith` makes the next call throw what a real use case would.
 */
export class FakeEditorUseCases implements EditorUseCases {
  readonly calls: RecordedCall[] = [];
  listPage: ArticleListPage = { items: [sampleArticleView()] };
  #failure: unknown;

  /** The next call throws this. */
  failWith(error: unknown): void {
    this.#failure = error;
  }

  #record(call: RecordedCall): void {
    this.calls.push(call);
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
  }

  async listArticles(query: ArticleListQuery): Promise<ArticleListPage> {
    this.#record({ name: 'listArticles', query });
    return this.listPage;
  }

  async getArticle(articleId: string): Promise<ArticleDetailView> {
    this.#record({ name: 'getArticle', articleId });
    return sampleArticleView({ articleId });
  }

  async correctArticle(
    articleId: string,
    correction: CorrectionRequest,
    editor: EditorIdentity,
    expectedRevision?: number,
  ): Promise<ArticleDetailView> {
    this.#record({ name: 'correctArticle', articleId, correction, editor, expectedRevision });
    return sampleArticleView({ articleId, revision: 4, state: 'pending' });
  }

  async unpublishArticle(
    articleId: string,
    reason: string,
    editor: EditorIdentity,
    expectedRevision?: number,
  ): Promise<ArticleDetailView> {
    this.#record({ name: 'unpublishArticle', articleId, reason, editor, expectedRevision });
    return sampleArticleView({ articleId, revision: 4, state: 'pending' });
  }

  async republishArticle(
    articleId: string,
    editor: EditorIdentity,
    reason?: string,
  ): Promise<ArticleDetailView> {
    this.#record({ name: 'republishArticle', articleId, editor, reason });
    return sampleArticleView({ articleId, state: 'pending' });
  }

  async startRepublish(scope: RepublishScope, editor: EditorIdentity): Promise<JobView> {
    this.#record({ name: 'startRepublish', scope, editor });
    return sampleJobView(scope, editor.id);
  }

  async getJob(jobId: string): Promise<JobView> {
    this.#record({ name: 'getJob', jobId });
    return { ...sampleJobView({ kind: 'all' }, 'local-editor'), jobId };
  }
}
