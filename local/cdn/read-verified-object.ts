import { addAbortSignal, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { findTear } from './find-tear';
import { FailedReadError } from './object-read-errors';
import { ObjectUnavailableError } from './object-unavailable-error';

/** An object read in full whose body matched its `Content-Length` and `ETag`. */
export interface VerifiedObject {
  key: string;
  body: Buffer;
  etag: string;
  lastModified?: Date;
  contentType?: string;
  cacheControl?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  /** S3 user metadata, keys lower-case, without the `x-amz-meta-` prefix. */
  metadata: Record<string, string>;
}

/** How hard to try before answering 503; every bound is finite so no request can hang. */
export interface ReadPolicy {
  /** Reads of one object before giving up. */
  attempts: number;
  /** Longest one read may take, headers and body together. */
  attemptTimeoutMs: number;
  /** Longest all reads of one object may take together. */
  deadlineMs: number;
  /** Pause after the first failed read; doubled after each further one, up to `maxBackoffMs`. */
  firstBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * A rewrite on s3rver takes milliseconds, so a few short pauses outlast it; the timeouts are far
 * above an honest local read and only cut off reads the S3 server will never finish.
 */
export const DEFAULT_READ_POLICY: ReadPolicy = {
  attempts: 8,
  attemptTimeoutMs: 1_000,
  deadlineMs: 6_000,
  firstBackoffMs: 10,
  maxBackoffMs: 250,
};

/** Seconds a client is asked to wait after a 503: a rewrite is over long before. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Reads an object whole and returns it only once its length and MD5 match what the S3 server
 * declared for it, retrying reads that were torn by a concurrent rewrite or failed on the way.
 * Resolves to `undefined` when the key does not exist; throws `ObjectUnavailableError` when no
 * read verified within the policy's bounds.
 */
export async function readVerifiedObject(
  s3: S3Client,
  bucketName: string,
  key: string,
  policy: ReadPolicy = DEFAULT_READ_POLICY,
): Promise<VerifiedObject | undefined> {
  const deadline = Date.now() + policy.deadlineMs;
  let backoffMs = policy.firstBackoffMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) break;
    try {
      return await readOnce(s3, bucketName, key, Math.min(policy.attemptTimeoutMs, remainingMs));
    } catch (error) {
      lastError = error;
    }
    if (attempt < policy.attempts) {
      await sleep(Math.min(backoffMs, Math.max(0, deadline - Date.now())));
      backoffMs = Math.min(backoffMs * 2, policy.maxBackoffMs);
    }
  }
  throw new ObjectUnavailableError({
    detail: 'The object is being rewritten or could not be read whole. Retry in a moment.',
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
    cause: lastError,
  });
}

async function readOnce(
  s3: S3Client,
  bucketName: string,
  key: string,
  timeoutMs: number,
): Promise<VerifiedObject | undefined> {
  // One signal bounds the request and the body: s3rver can declare more bytes than it will send.
  const signal = AbortSignal.timeout(timeoutMs);
  let output: GetObjectCommandOutput;
  try {
    output = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }), { abortSignal: signal });
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new FailedReadError(key, { cause: error });
  }
  let body: Buffer;
  try {
    body = await readWhole(output.Body as Readable | undefined, signal);
  } catch (error) {
    throw new FailedReadError(key, { cause: error });
  }
  const tear = findTear(key, body, { contentLength: output.ContentLength, etag: output.ETag });
  if (tear) throw tear;
  return {
    key,
    body,
    etag: output.ETag as string,
    lastModified: output.LastModified,
    contentType: output.ContentType,
    cacheControl: output.CacheControl,
    contentEncoding: output.ContentEncoding,
    contentLanguage: output.ContentLanguage,
    contentDisposition: output.ContentDisposition,
    metadata: output.Metadata ?? {},
  };
}

async function readWhole(stream: Readable | undefined, signal: AbortSignal): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  // Destroys the stream, and with it the socket, when the signal fires mid-body.
  addAbortSignal(signal, stream);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}
