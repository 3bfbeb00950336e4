import type { ArticleDetailView, ArticleListView, EditorialState } from '../shared/editor/editor-views';
import type { JobView } from '../shared/jobs/republish-job';

/** How long one request may take before the API counts as unreachable. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** One field the API refused, as its problem's `errors` list names it (a JSON pointer into the request). */
export interface FieldProblem {
  pointer: string;
  message: string;
}

/** The API answered with an error (RFC 9457 problem+json, or something else that is not 2xx). */
export class ApiProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: FieldProblem[],
    readonly type?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiProblemError';
  }
}

/** Nothing answered at the API's address, or it did not answer in time. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot reach ${url}: ${reason}`, options);
    this.name = 'ApiUnreachableError';
  }
}

/** The editor list's filters and page (`GET /v1/articles`). */
export interface ArticleListFilters {
  partner?: string;
  state?: EditorialState;
  language?: string;
  limit?: number;
  cursor?: string;
}

/** The body of `PATCH /v1/articles/{id}`, as docs/editor-api.md spells it. */
export interface CorrectionBody {
  reason: string;
  title?: string;
  summary?: string;
  categories?: string[];
  attribution?: {
    publisher?: { name: string; url?: string };
    authors?: { name: string; url?: string }[];
    license?: string | null;
    originalUrl?: string;
  };
  release?: string[];
}

/** Where the API is and who is asking. */
export interface EditorApiClientOptions {
  /** The API's base URL, e.g. `http://localhost:3000`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  const candidate = value as FieldProblem;
  return typeof candidate?.pointer === 'string' && typeof candidate?.message === 'string';
}

/** Reads an error answer: problem+json when it is one, else the status line and a bounded piece of the text. */
function problemOf(status: number, statusText: string, text: string): ApiProblemError {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.title === 'string') {
      const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldProblem) : [];
      return new ApiProblemError(
        status,
        body.title,
        typeof body.detail === 'string' ? body.detail : undefined,
        errors,
        typeof body.type === 'string' ? body.type : undefined,
      );
    }
  } catch {
    // Not JSON: a proxy's page or a server that is not this API.
  }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ApiProblemError(status, statusText || `HTTP ${status}`, excerpt || undefined, []);
}

/**
 * The editor API (CONTRACT §4) over `fetch`: every call has a timeout, every error answer becomes an
 * `ApiProblemError`, and a network failure an `ApiUnreachableError`.
 */
export class EditorApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: EditorApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** `GET /v1/articles`: one page, newest first. */
  listArticles(filters: ArticleListFilters = {}): Promise<ArticleListView> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value !== undefined) query.set(name, String(value));
    }
    const search = query.size > 0 ? `?${query}` : '';
    return this.call<ArticleListView>('GET', `/v1/articles${search}`);
  }

  /** `GET /v1/articles/{id}`. */
  getArticle(articleId: string): Promise<ArticleDetailView> {
    return this.call('GET', articlePath(articleId));
  }

  /** `PATCH /v1/articles/{id}`: a correction; answers at once, before the publisher renders it. */
  correctArticle(articleId: string, body: CorrectionBody): Promise<ArticleDetailView> {
    return this.call('PATCH', articlePath(articleId), body);
  }

  /** `POST /v1/articles/{id}/unpublish`. */
  unpublishArticle(articleId: string, reason: string): Promise<ArticleDetailView> {
    return this.call('POST', `${articlePath(articleId)}/unpublish`, { reason });
  }

  /** `POST /v1/articles/{id}/republish`: renders it again, or restores it after a takedown. */
  republishArticle(articleId: string, reason?: string): Promise<ArticleDetailView> {
    return this.call('POST', `${articlePath(articleId)}/republish`, reason === undefined ? {} : { reason });
  }

  /** `POST /v1/republish`: starts a job over `scope` (`all`, `feeds` or `partner:{id}`). */
  startRepublish(scope: string): Promise<JobView> {
    return this.call('POST', '/v1/republish', { scope });
  }

  /** `GET /v1/jobs/{id}`. */
  getJob(jobId: string): Promise<JobView> {
    return this.call('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(this.baseUrl, networkReason(error, timeoutMs), { cause: error });
    }
    if (!response.ok) throw problemOf(response.status, response.statusText, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiProblemError(
        response.status,
        'Unreadable answer',
        `${method} ${path} answered ${response.status} with a body that is not JSON; is ${this.baseUrl} the editor API?`,
        [],
        undefined,
      );
    }
  }
}

function articlePath(articleId: string): string {
  return `/v1/articles/${encodeURIComponent(articleId)}`;
}

/** Why a request never got an answer, in words: the system's reason (ECONNREFUSED, ENOTFOUND) or the timeout. */
function networkReason(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: Error & { code?: string } };
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = failure.cause;
  if (cause?.code) return cause.code;
  return cause?.message ?? failure.message;
}
