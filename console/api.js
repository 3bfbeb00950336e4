// @ts-check
/**
 * The editor API as the console calls it: bearer credential on every request, JSON in and out,
 * and every failure turned into words (an `ApiProblem`), never a bare status code.
 */

/** @typedef {import('../shared/editor/editor-views').ArticleListView} ArticleListView */
/** @typedef {import('../shared/editor/editor-views').ArticleDetailView} ArticleDetailView */
/** @typedef {import('../shared/jobs/republish-job').JobView} JobView */

/** One rule a request broke, as RFC 9457 problem details of the API carry it. */
/** @typedef {{ pointer: string, message: string }} FieldError */

/** How long one request may take before the console says the API did not answer. */
const REQUEST_TIMEOUT_MS = 20_000;

/** A refusal or a failure of the API, in words an editor can act on. */
export class ApiProblem extends Error {
  /**
   * @param {{ title: string, detail?: string, status?: number, errors?: FieldError[], cause?: unknown }} problem
   */
  constructor({ title, detail, status, errors, cause }) {
    super(detail ? `${title}: ${detail}` : title, { cause });
    this.name = 'ApiProblem';
    /** A short summary, e.g. "Validation failed". */
    this.title = title;
    /** What happened and what to do, when the API said. */
    this.detail = detail;
    /** The HTTP status, for the console's own decisions (a 401 signs out); never shown. */
    this.status = status ?? 0;
    /** @type {FieldError[]} */
    this.errors = errors ?? [];
  }
}

/**
 * Words for an answer that is not problem+json (a proxy's error page, an empty 502).
 *
 * @param {number} status
 * @returns {ApiProblem}
 */
function unexplained(status) {
  if (status >= 500) {
    return new ApiProblem({
      status,
      title: 'The editor API failed',
      detail:
        'It could not complete the request. Nothing was changed by this attempt; try again in a moment.',
    });
  }
  return new ApiProblem({
    status,
    title: 'The editor API refused the request',
    detail: 'It gave no reason. Reload the console and try again.',
  });
}

/**
 * @param {Response} response
 * @returns {Promise<ApiProblem>}
 */
async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return unexplained(response.status);
  try {
    const body = await response.json();
    if (typeof body?.title !== 'string') return unexplained(response.status);
    return new ApiProblem({
      status: response.status,
      title: body.title,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      errors: Array.isArray(body.errors)
        ? body.errors.filter(
            /** @param {unknown} error */
            (error) =>
              typeof error === 'object' &&
              error !== null &&
              typeof (/** @type {FieldError} */ (error).message) === 'string',
          )
        : [],
    });
  } catch {
    return unexplained(response.status);
  }
}

/**
 * @typedef {object} ApiClientOptions
 * @property {string} baseUrl where the API is: `''` for the console's own origin
 * @property {() => Promise<string | undefined>} credential the bearer credential of the signed-in editor
 * @property {(problem: ApiProblem) => void} onUnauthorized called when the API refuses the credential
 */

/**
 * @typedef {object} RequestOptions
 * @property {Record<string, string | undefined>} [query]
 * @property {unknown} [body]
 * @property {string} [ifMatch]
 * @property {string} [credential] a credential to try instead of the signed-in one (sign-in)
 */

/** The console's client of the editor API. */
export class ApiClient {
  /** @param {ApiClientOptions} options */
  constructor(options) {
    this.options = options;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {RequestOptions} [options]
   * @returns {Promise<unknown>}
   */
  async request(method, path, options = {}) {
    const url = new URL(`${this.options.baseUrl}${path}`, window.location.href);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, value);
    }
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json, application/problem+json' };
    const credential = options.credential ?? (await this.options.credential());
    if (credential) headers.authorization = `Bearer ${credential}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;

    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new ApiProblem({
        title: timedOut ? 'The editor API did not answer in time' : 'The editor API cannot be reached',
        detail: timedOut
          ? 'The request may still complete. Reload the article to see where it stands.'
          : 'Check your connection and that the pipeline is running, then try again.',
        cause: error,
      });
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      if (response.status === 401 && options.credential === undefined) this.options.onUnauthorized(problem);
      throw problem;
    }
    try {
      return await response.json();
    } catch (error) {
      throw new ApiProblem({
        status: response.status,
        title: 'The editor API answered something the console cannot read',
        detail: 'Reload the console; if it happens again, the console and the API may be out of step.',
        cause: error,
      });
    }
  }

  /**
   * @param {{ partner?: string, state?: string, language?: string, cursor?: string, limit?: number }} query
   * @returns {Promise<ArticleListView>}
   */
  async listArticles(query) {
    const { limit, ...filters } = query;
    return /** @type {ArticleListView} */ (
      await this.request('GET', '/v1/articles', {
        query: { ...filters, limit: limit === undefined ? undefined : String(limit) },
      })
    );
  }

  /**
   * Whether the API accepts a credential, before the console keeps it: a one-article list.
   *
   * @param {string} credential
   * @returns {Promise<void>}
   */
  async checkCredential(credential) {
    await this.request('GET', '/v1/articles', { query: { limit: '1' }, credential });
  }

  /**
   * @param {string} articleId
   * @returns {Promise<ArticleDetailView>}
   */
  async getArticle(articleId) {
    return /** @type {ArticleDetailView} */ (
      await this.request('GET', `/v1/articles/${encodeURIComponent(articleId)}`)
    );
  }

  /**
   * @param {string} articleId
   * @param {Record<string, unknown>} correction the PATCH body: `reason` and the changed fields
   * @param {number} revision the revision the editor saw; a newer one makes the API refuse (412)
   * @returns {Promise<ArticleDetailView>}
   */
  async correctArticle(articleId, correction, revision) {
    return /** @type {ArticleDetailView} */ (
      await this.request('PATCH', `/v1/articles/${encodeURIComponent(articleId)}`, {
        body: correction,
        ifMatch: `"r${revision}"`,
      })
    );
  }

  /**
   * @param {string} articleId
   * @param {string} reason
   * @param {number} revision
   * @returns {Promise<ArticleDetailView>}
   */
  async unpublishArticle(articleId, reason, revision) {
    return /** @type {ArticleDetailView} */ (
      await this.request('POST', `/v1/articles/${encodeURIComponent(articleId)}/unpublish`, {
        body: { reason },
        ifMatch: `"r${revision}"`,
      })
    );
  }

  /**
   * @param {string} articleId
   * @param {string | undefined} reason
   * @returns {Promise<ArticleDetailView>}
   */
  async republishArticle(articleId, reason) {
    return /** @type {ArticleDetailView} */ (
      await this.request('POST', `/v1/articles/${encodeURIComponent(articleId)}/republish`, {
        body: reason ? { reason } : {},
      })
    );
  }

  /**
   * @param {string} scope `all`, `feeds` or `partner:{id}`
   * @returns {Promise<JobView>}
   */
  async startRepublish(scope) {
    return /** @type {JobView} */ (await this.request('POST', '/v1/republish', { body: { scope } }));
  }

  /**
   * @param {string} jobId
   * @returns {Promise<JobView>}
   */
  async getJob(jobId) {
    return /** @type {JobView} */ (await this.request('GET', `/v1/jobs/${encodeURIComponent(jobId)}`));
  }
}
