import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  MalformedRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
} from '../shared/errors/http-errors';
import { toProblemResponse } from '../shared/http/problem-response';
import { toApiGatewayEvent } from './api-gateway-event';
import type { ReadPolicy } from './cdn/read-verified-object';
import { serveSiteObject } from './cdn/serve-site-object';

/** One API route, as API Gateway would route it to a Lambda function. */
export interface ApiRoute {
  method: string;
  /** API Gateway route syntax: `/v1/partners/{partnerId}/articles`. */
  path: string;
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** Options of the local HTTP server. */
export interface LocalHttpServerOptions {
  routes: ApiRoute[];
  s3: S3Client;
  bucketName: string;
  /** Bounds of each object read; the defaults suit s3rver. */
  objectReadPolicy?: ReadPolicy;
  health: () => Promise<Record<string, unknown>>;
  logger: Logger;
}

/** API Gateway refuses bodies over 10 MB before any function runs; so do we. */
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

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
) {
  response.writeHead(status, headers);
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
 */
export function createLocalHttpServer(options: LocalHttpServerOptions): Server {
  const routes = options.routes.map(compile);

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (route.method !== request.method) continue;
      const body = await readBody(request, MAX_API_BODY_BYTES);
      if (!body) {
        sendProblem(response, new PayloadTooLargeError({ detail: 'The body is over 10 MB.' }), url.pathname);
        return true;
      }
      let parameters: Record<string, string>;
      try {
        parameters = Object.fromEntries(
          route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
        );
      } catch {
        // API Gateway refuses a path it cannot decode before any function runs.
        sendProblem(
          response,
          new MalformedRequestError({ detail: 'The path is not valid percent-encoding.' }),
          url.pathname,
        );
        return true;
      }
      const result = await route.handler(
        toApiGatewayEvent(request, url, `${route.method} ${route.path}`, parameters, body),
      );
      const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
      send(response, result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>, payload);
      return true;
    }
    if (routes.some((route) => route.pattern.test(url.pathname))) {
      const allowed = routes.filter((route) => route.pattern.test(url.pathname)).map((route) => route.method);
      sendProblem(
        response,
        new MethodNotAllowedError({
          detail: `${request.method} is not allowed here.`,
          headers: { allow: allowed.join(', ') },
        }),
        url.pathname,
      );
      return true;
    }
    return false;
  }

  return createServer((request, response) => {
    // A fixed base: the Host header is the client's to send, and a malformed one must not matter.
    const url = new URL(request.url ?? '/', 'http://localhost');
    (async () => {
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
      options.logger.error('request failed', { path: url.pathname, error: error as Error });
      if (!response.headersSent) sendProblem(response, error, url.pathname);
      else response.destroy();
    });
  });
}
