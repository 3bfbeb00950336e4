import { createHash } from 'node:crypto';
import { TornReadError } from './object-read-errors';

/** What the S3 server said about the body it was about to send. */
export interface DeclaredBody {
  contentLength?: number;
  etag?: string;
}

/**
 * Checks a body read in full against the headers that came with it. A simple PUT's ETag is the
 * MD5 of the body; a multipart-style ETag (`"…-N"`) is not, so only its length can be checked.
 * Returns why the body is torn, or nothing when it is the object the headers describe.
 */
export function findTear(key: string, body: Buffer, declared: DeclaredBody): TornReadError | undefined {
  if (declared.contentLength === undefined || body.length !== declared.contentLength) {
    return new TornReadError(
      key,
      'length',
      `read ${body.length} bytes where Content-Length said ${declared.contentLength}`,
    );
  }
  if (!declared.etag) return new TornReadError(key, 'no-etag', 'the answer had no ETag to check');
  const tag = opaqueTag(declared.etag);
  if (tag.includes('-')) return undefined;
  const digest = createHash('md5').update(body).digest('hex');
  if (digest !== tag.toLowerCase()) {
    return new TornReadError(key, 'digest', `the body's MD5 is ${digest}, the ETag says ${tag}`);
  }
  return undefined;
}

/** An entity tag without its weakness prefix and quotes: what weak comparison compares. */
export function opaqueTag(etag: string): string {
  return etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}
