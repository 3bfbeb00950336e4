import {
  ParameterValidationError,
  NotFoundError as RouteNotFoundError,
  Router,
} from '@aws-lambda-powertools/event-handler/http';
import type { RequestContext } from '@aws-lambda-powertools/event-handler/types';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from '../config/zod';
import type { EditorIdentity } from '../domain/editorial';
import type { EditorUseCases } from '../editor/editor-use-cases';
import type { ArticleListView } from '../editor/editor-views';
import {
  articleListQuerySchema,
  correctionBodySchema,
  DEFAULT_LIST_LIMIT,
  republishArticleBodySchema,
  republishBodySchema,
  unpublishBodySchema,
} from '../editor-api/editor-api-schemas';
import { allowedMethods } from '../editor-api/editor-routes';
import { decodeListCursor, encodeListCursor, type ListFilters } from '../editor-api/list-cursor';
import { queryObject, readJsonBody, validateOrRefuse } from '../editor-api/request-validation';
import { expectedRevision, revisionTag } from '../editor-api/revision-tag';
import { MalformedRequestError, MethodNotAllowedError, NotFoundError } from '../errors/http-errors';
import { ProblemError } from '../errors/problem-error';
import { type HttpResponse, jsonResponse } from '../http/http-response';
import { toProblemResponse } from '../http/problem-response';
import type { EditorAuthenticator } from '../ports/editor-authenticator';
import { eventBody, toApiGatewayResult } from './api-gateway';

/** What the editor API is built from: the use cases it calls, who may call them, where it logs. */
export interface EditorApiDependencies {
  useCases: EditorUseCases;
  authenticator: EditorAuthenticator;
  logger: Logger;
}

/** The editor API's router, which authenticates every request before anything else looks at it. */
export interface EditorRouter {
  /** The answer to one request: a 401 unless its credentials prove an editor, then the route's. */
  resolve(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
}

const toWebResponse = (response: HttpResponse): Response =>
  new Response(response.body, { status: response.statusCode, headers: response.headers });

/** The API Gateway HTTP API event behind a request; the editor function is only ever given those. */
function httpApiEvent(request: RequestContext): APIGatewayProxyEventV2 {
  if (request.responseType !== 'ApiGatewayV2') throw new Error(`unexpected ${request.responseType} event`);
  return request.event;
}

function jwtClaims(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } }).authorizer;
  const claims = authorizer?.jwt?.claims;
  return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
}

/** The query of a request, judged by a schema; a route without parameters refuses every one. */
function query<T extends z.ZodMiniType>(request: RequestContext, schema: T): z.output<T> {
  return validateOrRefuse(schema, queryObject(new URL(request.req.url).searchParams), 'query');
}

const NO_PARAMETERS = z.strictObject({});

/** The JSON body of a request, judged by a schema. */
function body<T extends z.ZodMiniType>(
  request: RequestContext,
  schema: T,
  options = { emptyAllowed: false },
) {
  const event = httpApiEvent(request);
  query(request, NO_PARAMETERS);
  const value = readJsonBody(
    { contentType: event.headers['content-type'], bytes: eventBody(event) },
    options,
  );
  return validateOrRefuse(schema, value, 'body') as z.output<T>;
}

function ifMatch(request: RequestContext): number | undefined {
  return expectedRevision(httpApiEvent(request).headers['if-match'] ?? undefined);
}

function pathParameter(request: RequestContext, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route without {${name}}`);
  return value;
}

/** Errors the router raises itself, as the problems this API answers with. */
function asProblem(error: unknown, path: string): unknown {
  if (error instanceof RouteNotFoundError) {
    const allowed = allowedMethods(path);
    if (allowed.length > 0)
      return new MethodNotAllowedError({
        detail: 'This method is not allowed here.',
        headers: { allow: allowed.join(', ') },
      });
    return new NotFoundError({ detail: 'There is no such route in the editor API.' });
  }
  if (error instanceof ParameterValidationError)
    return new NotFoundError({ detail: 'There is no such resource.' });
  if (error instanceof URIError)
    return new MalformedRequestError({ detail: 'The path is not valid percent-encoding.', cause: error });
  return error;
}

/**
 * The editor API (CONTRACT §4) on the Powertools HTTP router: every request is authenticated first
 * (a 401 before anything else is told, even whether its path decodes or names a route), then
 * routed; queries and bodies are judged by the schemas of `shared/editor-api`, and every refusal or
 * fault is answered through `toProblemResponse`.
 */
export function createEditorRouter(dependencies: EditorApiDependencies): EditorRouter {
  const { useCases, authenticator, logger } = dependencies;
  const router = new Router({ logger });

  // Authentication cannot be a router middleware: Powertools decodes and matches the path before
  // middleware runs, so a bad path would be told apart (400, 404) before the 401. The editor is
  // proved before routing and handed to the routes by the request's event.
  const editors = new WeakMap<APIGatewayProxyEventV2, EditorIdentity>();
  const editorOf = (request: RequestContext): EditorIdentity => {
    const editor = editors.get(httpApiEvent(request));
    // `resolve` sets it before any route runs; its absence is a wiring fault, hence a 500.
    if (!editor) throw new Error('no editor identity on the request');
    return editor;
  };

  const refusal = (error: unknown, path: string): HttpResponse => {
    const problem = asProblem(error, path);
    if (problem instanceof ProblemError) {
      logger.warn('editor request refused', { path, status: problem.status, detail: problem.detail });
    } else {
      logger.error('editor request failed', error as Error);
    }
    return toProblemResponse(problem, path);
  };
  const answer = async (error: Error, request: RequestContext): Promise<Response> =>
    toWebResponse(refusal(error, new URL(request.req.url).pathname));
  router.notFound(answer);
  router.errorHandler(Error, answer);

  router.get('/v1/articles', async (request) => {
    const filters = query(request, articleListQuerySchema);
    const listFilters: ListFilters = {
      partnerId: filters.partner,
      state: filters.state,
      language: filters.language,
    };
    const page = await useCases.listArticles({
      ...listFilters,
      limit: filters.limit ?? DEFAULT_LIST_LIMIT,
      after: filters.cursor === undefined ? undefined : decodeListCursor(filters.cursor, listFilters),
    });
    const view: ArticleListView = { items: page.items };
    if (page.after !== undefined) view.nextCursor = encodeListCursor(page.after, listFilters);
    return toWebResponse(jsonResponse(200, view));
  });

  router.get('/v1/articles/:articleId', async (request) => {
    query(request, NO_PARAMETERS);
    const article = await useCases.getArticle(pathParameter(request, 'articleId'));
    return toWebResponse(jsonResponse(200, article, { etag: revisionTag(article.revision) }));
  });

  router.patch('/v1/articles/:articleId', async (request) => {
    const correction = body(request, correctionBodySchema);
    const editor = editorOf(request);
    const articleId = pathParameter(request, 'articleId');
    const article = await useCases.correctArticle(articleId, correction, editor, ifMatch(request));
    logger.info('article corrected', { articleId, editor: editor.id, revision: article.revision });
    return toWebResponse(jsonResponse(202, article, { etag: revisionTag(article.revision) }));
  });

  router.post('/v1/articles/:articleId/unpublish', async (request) => {
    const { reason } = body(request, unpublishBodySchema);
    const editor = editorOf(request);
    const articleId = pathParameter(request, 'articleId');
    const article = await useCases.unpublishArticle(articleId, reason, editor, ifMatch(request));
    logger.info('article taken down', { articleId, editor: editor.id, revision: article.revision });
    return toWebResponse(jsonResponse(202, article, { etag: revisionTag(article.revision) }));
  });

  router.post('/v1/articles/:articleId/republish', async (request) => {
    const given = body(request, republishArticleBodySchema, { emptyAllowed: true });
    const editor = editorOf(request);
    const articleId = pathParameter(request, 'articleId');
    const article = await useCases.republishArticle(articleId, editor, given?.reason);
    logger.info('article republished', { articleId, editor: editor.id, revision: article.revision });
    return toWebResponse(jsonResponse(202, article, { etag: revisionTag(article.revision) }));
  });

  router.post('/v1/republish', async (request) => {
    const { scope } = body(request, republishBodySchema);
    const editor = editorOf(request);
    const job = await useCases.startRepublish(scope, editor);
    logger.info('republish started', { jobId: job.jobId, scope: job.scope, editor: editor.id });
    return toWebResponse(jsonResponse(202, job, { location: `/v1/jobs/${encodeURIComponent(job.jobId)}` }));
  });

  router.get('/v1/jobs/:jobId', async (request) => {
    query(request, NO_PARAMETERS);
    return toWebResponse(jsonResponse(200, await useCases.getJob(pathParameter(request, 'jobId'))));
  });

  return {
    async resolve(event, context) {
      let editor: EditorIdentity;
      try {
        editor = await authenticator.authenticate({
          authorization: event.headers.authorization,
          claims: jwtClaims(event),
        });
      } catch (error) {
        return toApiGatewayResult(refusal(error, event.rawPath));
      }
      editors.set(event, editor);
      return router.resolve(event, context);
    },
  };
}
