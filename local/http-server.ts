import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MalformedRequestError, MethodNotAllowedError } from '../shared/errors/http-errors';
import { ProblemError } from '../shared/errors/problem-error';
import { toProblemResponse } from '../shared/http/problem-response';
import { toApiGatewayEvent } from './api-gateway-event';
import type { ReadPolicy } from './cdn/read-verified-object';
import { serveSiteObject } from './cdn/serve-site-object';
import { assertOwnHost, ownHosts } from './own-host';
import { readBodyWithin } from './read-body-within';

/** One API route, as API Gateway would route it to a Lambda function. */
export interface ApiRoute {
  method: string;
  /** API Gateway route syntax: `/v1/partners/{partnerId}/articles`. */
  path: string;
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  /** The largest body the route takes, in bytes; API Gateway's 10 MB when absent. */
  maxBodyBytes?: number;
  /**
   * A cheap check of the path parameters, made before any of the body is read: it throws the
   * `ProblemError` to answer with (a webhook refuses a path that names no partner), so a caller the
   * route would refuse anyway cannot make the server take in a body.
   */
  admit?: (parameters: Record<string, string>) => Promise<void>;
}

/** Options of the local HTTP server. */
export interface LocalHttpServerOptions {
  routes: ApiRoute[];
  /**
   * API Gateway's `$default` route: every request under `prefix` that no route takes (another path, or
   * another method on a route's path), as CloudFront sends all of `/v1/*` to the API. Without it such a
   * request is 405 on a route's path and the site's 404 page elsewhere.
   */
  defaultRoute?: { prefix: string; handler: ApiRoute['handler'] };
  s3: S3Client;
  bucketName: string;
  /** A `Host` naming this URL's host is answered, besides the loopback names with the server's port. */
  publicBaseUrl?: string;
  /** Bounds of each object read; the defaults suit s3rver. */
  objectReadPolicy?: ReadPolicy;
  health: () => Promise<Record<string, unknown>>;
  logger: Logger;
}

/** API Gateway refuses bodies over 10 MB before any function runs; so do we, for routes that set no limit. */
const MAX_API_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends ApiRoute {
  pattern: RegExp;
  names: string[];
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
) {
  // Answered before its body was all received: the connection ends with the answer rather than
  // draining a body nobody reads (Node discards what already arrived, and closes once this is sent).
  const unreadBody = !response.req.complete;
  response.writeHead(status, unreadBody ? { ...headers, connection: 'close' } : headers);
  response.end(body);
}

/** Answers with the same problem+json the handlers give, from the one function that makes it. */
function sendProblem(response: ServerResponse, error: unknown, instance: string): void {
  const problem = toProblemResponse(error, instance);
  send(response, problem.statusCode, problem.headers, problem.body);
}

/**
 * One HTTP server that stands in for API Gateway and CloudFront: API routes become API Gateway
 * v2 events for the same handlers Lambda runs, and every other GET or HEAD serves the bucket's
 * objects as CloudFront does (see `serveSiteObject`): whole and verified, with their stored
 * headers, conditional requests answered 304, missing keys with the bucket's 404 page.
 *
 * Before any of that, a `Host` that does not name this server is answered 421 (DNS rebinding). An
 * API body is read only once the route has admitted the path, and only up to the route's limit.
 */
export function createLocalHttpServer(options: LocalHttpServerOptions): Server {
  const routes = options.routes.map(compile);
  let hosts: Set<string> | undefined;

  /** A function's API Gateway result, as API Gateway sends it on. */
  function sendResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(response, result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>, payload);
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (route.method !== request.method) continue;
      let parameters: Record<string, string>;
      try {
        parameters = Object.fromEntries(
          route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
        );
      } catch (error) {
        // API Gateway refuses a path it cannot decode before any function runs.
        throw new MalformedRequestError({ detail: 'The path is not valid percent-encoding.', cause: error });
      }
      await route.admit?.(parameters);
      const body = await readBodyWithin(request, response, route.maxBodyBytes ?? MAX_API_BODY_BYTES);
      const result = await route.handler(
        toApiGatewayEvent(request, url, `${route.method} ${route.path}`, parameters, body),
      );
      sendResult(response, result);
      return true;
    }
    const fallback = options.defaultRoute;
    if (
      fallback &&
      (url.pathname === fallback.prefix.replace(/\/$/, '') || url.pathname.startsWith(fallback.prefix))
    ) {
      const body = await readBodyWithin(request, response, MAX_API_BODY_BYTES);
      const result = await fallback.handler(toApiGatewayEvent(request, url, '$default', {}, body));
      sendResult(response, result);
      return true;
    }
    if (routes.some((route) => route.pattern.test(url.pathname))) {
      const allowed = routes.filter((route) => route.pattern.test(url.pathname)).map((route) => route.method);
      throw new MethodNotAllowedError({
        detail: `${request.method} is not allowed here.`,
        headers: { allow: allowed.join(', ') },
      });
    }
    return false;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    // A fixed base: the Host header is the client's to send, and a malformed one must not matter.
    const url = new URL(request.url ?? '/', 'http://localhost');
    (async () => {
      // Before any routing: a page elsewhere that rebinds its name to 127.0.0.1 gets nothing here.
      hosts ??= ownHosts(request.socket.localPort ?? 0, options.publicBaseUrl);
      assertOwnHost(request.headers.host, hosts);
      if (url.pathname === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
        const health = await options.health();
        // Only a site that is up and can tell what is live answers 200 (docs/decisions/0013).
        send(
          response,
          health.status === 'ok' ? 200 : 503,
          { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          JSON.stringify(health),
        );
        return;
      }
      if (await serveApi(request, response, url)) return;
      await serveSiteObject(request, response, url, {
        s3: options.s3,
        bucketName: options.bucketName,
        readPolicy: options.objectReadPolicy,
        logger: options.logger,
      });
    })().catch((error: unknown) => {
      if (error instanceof ProblemError) {
        options.logger.info('request refused', {
          path: url.pathname,
          status: error.status,
          detail: error.detail,
        });
      } else {
        options.logger.error('request failed', { path: url.pathname, error: error as Error });
      }
      if (!response.headersSent) sendProblem(response, error, url.pathname);
      else response.destroy();
    });
  }

  const server = createServer(handle);
  // Answered like any request, so a refusal comes before `100 Continue` and the body is never sent.
  server.on('checkContinue', handle);
  return server;
}
