import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError } from '../shared/errors/http-errors';

const KIB = 1024;
const MIB = 1024 * KIB;

function describeBytes(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes % KIB === 0) return `${bytes / KIB} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError({
    detail: `The body is over this route's limit of ${describeBytes(limit)} (${limit} bytes).`,
  });
}

/**
 * Reads a request body of at most `limit` bytes, and no more. A `Content-Length` over the limit is
 * refused before anything is read (and a client that sent `Expect: 100-continue` is never asked
 * for its body); otherwise reading stops at the chunk that passes the limit, and nothing after it is
 * buffered. Throws `PayloadTooLargeError`; the caller answers and the connection closes with the
 * answer, so the rest of the body is never drained.
 */
export async function readBodyWithin(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<Buffer> {
  if (Number(request.headers['content-length']) > limit) throw tooLarge(limit);
  // Only a server that listens for `checkContinue` gets here without having sent it already.
  if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // A client that goes away mid-body ends the request without `end`.
    const onClose = () => onError(new Error('The connection closed before the body ended.'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
