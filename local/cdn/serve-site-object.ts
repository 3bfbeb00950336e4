import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import { HTTP_STATUS_METADATA } from '../../shared/adapters/s3/s3-site-bucket';
import { isNotModified } from './conditional-request';
import { builtInNotFoundPage } from './not-found-page';
import {
  DEFAULT_READ_POLICY,
  type ReadPolicy,
  readVerifiedObject,
  type VerifiedObject,
} from './read-verified-object';

/** Where the site's objects come from. */
export interface SiteBucket {
  s3: S3Client;
  bucketName: string;
  /** Bounds of each object read; the defaults suit s3rver. */
  readPolicy?: ReadPolicy;
  logger: Logger;
}

/** The object the bucket holds for missing keys, as CloudFront's custom error response serves it. */
export const NOT_FOUND_KEY = '404.html';

/**
 * A missing page may be published any second, so neither browsers nor shared caches keep the 404.
 */
const NOT_FOUND_CACHE_CONTROL = 'no-store';

/**
 * Serves a GET or HEAD of the site as CloudFront serves the bucket: only whole, verified objects
 * with their stored headers; conditional requests answered 304; a missing key answered 404 with
 * the bucket's `404.html`; an object marked with `http-status` answered with that status.
 */
export async function serveSiteObject(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  bucket: SiteBucket,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(
      request,
      response,
      405,
      { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
      Buffer.from('Method not allowed\n'),
    );
    return;
  }
  let key: string;
  try {
    key = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    send(request, response, 400, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('Bad path\n'));
    return;
  }
  if (key === '' || key.endsWith('/')) key += 'index.html';

  const object = await read(bucket, key);
  if (!object) {
    await serveNotFound(request, response, bucket);
    return;
  }
  const status = statusFromMetadata(object, bucket.logger);
  // Preconditions only apply to what would otherwise be a 2xx (RFC 9110 §13.2.1).
  if (status === 200 && isNotModified(request.headers, object)) {
    send(request, response, 304, notModifiedHeaders(object));
    return;
  }
  send(request, response, status, representationHeaders(object), object.body);
}

async function serveNotFound(
  request: IncomingMessage,
  response: ServerResponse,
  bucket: SiteBucket,
): Promise<void> {
  const page = await read(bucket, NOT_FOUND_KEY);
  send(
    request,
    response,
    404,
    {
      'content-type': page?.contentType ?? 'text/html; charset=utf-8',
      'cache-control': NOT_FOUND_CACHE_CONTROL,
    },
    page?.body ?? Buffer.from(builtInNotFoundPage(), 'utf8'),
  );
}

function read(bucket: SiteBucket, key: string): Promise<VerifiedObject | undefined> {
  return readVerifiedObject(bucket.s3, bucket.bucketName, key, bucket.readPolicy ?? DEFAULT_READ_POLICY);
}

/** A client-error status the publisher stored with the object (410 for a removed article), else 200. */
function statusFromMetadata(object: VerifiedObject, logger: Logger): number {
  const requested = object.metadata[HTTP_STATUS_METADATA];
  if (requested === undefined) return 200;
  if (/^4\d\d$/.test(requested)) return Number(requested);
  // Only error pages are meant to be marked; anything else would be a publisher bug, not a reason to fail.
  logger.warn('ignored an http-status that is not a 4xx', { key: object.key, requested });
  return 200;
}

function representationHeaders(object: VerifiedObject): Record<string, string> {
  const headers: Record<string, string> = { etag: object.etag };
  if (object.contentType) headers['content-type'] = object.contentType;
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
  if (object.contentLanguage) headers['content-language'] = object.contentLanguage;
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  if (object.lastModified) headers['last-modified'] = object.lastModified.toUTCString();
  return headers;
}

/** What a 304 carries: the validators and freshness a cache needs to keep using its copy. */
function notModifiedHeaders(object: VerifiedObject): Record<string, string> {
  const headers: Record<string, string> = { etag: object.etag };
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  if (object.lastModified) headers['last-modified'] = object.lastModified.toUTCString();
  return headers;
}

/** Writes a complete answer; a HEAD gets the same headers, `Content-Length` included, and no body. */
function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer,
): void {
  const complete = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
  response.writeHead(status, complete);
  response.end(request.method === 'HEAD' ? undefined : body);
}
