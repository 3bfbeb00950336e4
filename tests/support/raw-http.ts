import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

const FILLER = Buffer.alloc(64 * 1024, 0x20);

/** An answer as a plain HTTP client sees it, and how much of its body the client got to hand over. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  json: unknown;
  /** Bytes of the body the client's stream was asked for: sent, or sitting in socket buffers. */
  pulled: number;
  /** Whether the server invited the body with `100 Continue`. */
  continued: boolean;
}

/** One request; a GET without a body unless `body` or `bodyBytes` is given. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** These exact bytes as the body. */
  body?: string | Buffer;
  /** A body of this many spaces, produced only as fast as the connection takes them. */
  bodyBytes?: number;
  /** Sends `Content-Length` (otherwise the body is chunked). */
  declareLength?: boolean;
  /** Sends `Expect: 100-continue` and holds the body until the server asks for it. */
  expectContinue?: boolean;
}

function bodyStream(options: RawRequest): { stream: Readable; total: number; pulled: () => number } {
  if (options.body !== undefined) {
    const bytes = Buffer.from(options.body);
    let pulled = 0;
    const stream = new Readable({
      read() {
        pulled = bytes.length;
        this.push(bytes);
        this.push(null);
      },
    });
    return { stream, total: bytes.length, pulled: () => pulled };
  }
  const total = options.bodyBytes ?? 0;
  let pulled = 0;
  const stream = new Readable({
    read() {
      if (pulled >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(FILLER.length, total - pulled);
      pulled += size;
      this.push(FILLER.subarray(0, size));
    },
  });
  return { stream, total, pulled: () => pulled };
}

/**
 * One request through `node:http`, which (unlike fetch) lets a test set `Host` and `Expect`, and
 * see the answer while the body is still being sent. The client goes on sending after the answer,
 * until its body ends or the server closes the connection, so how much of the body it got to hand
 * over shows whether the server drained the rest or ended the connection.
 */
export function sendRaw(baseUrl: string, options: RawRequest): Promise<RawAnswer> {
  const body = bodyStream(options);
  const hasBody = options.body !== undefined || options.bodyBytes !== undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.declareLength) headers['content-length'] = String(body.total);
  if (options.expectContinue) headers.expect = '100-continue';
  let continued = false;
  return new Promise((resolve, reject) => {
    let answer: Omit<RawAnswer, 'pulled'> | undefined;
    let closed = false;
    const settle = () => {
      if (!answer || !closed) return;
      body.stream.destroy();
      resolve({ ...answer, pulled: body.pulled() });
    };
    const request = httpRequest(`${baseUrl}${options.path}`, {
      method: options.method ?? (hasBody ? 'POST' : 'GET'),
      headers,
    });
    let answering = false;
    request.on('response', (response) => {
      answering = true;
      response.on('error', reject);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        answer = { status: response.statusCode ?? 0, headers: response.headers, json, continued };
        settle();
      });
    });
    let failure: Error | undefined;
    request.on('close', () => {
      closed = true;
      if (!answering) reject(failure ?? new Error('The connection closed without an answer.'));
      settle();
    });
    // Once the answer has come, a write that fails is the server ending the connection on a body
    // it refused, which is what some tests look for.
    request.on('error', (error) => {
      failure = error;
      if (!answering) reject(error);
    });
    if (!hasBody) request.end();
    else if (options.expectContinue) {
      request.on('continue', () => {
        continued = true;
        body.stream.pipe(request);
      });
    } else body.stream.pipe(request);
  });
}
