/** Why one read of an object did not yield a body that matches its own headers. */
export type TornReadReason = 'length' | 'digest' | 'no-etag';

/** One read came back whole-looking but did not match its `Content-Length` or `ETag`. */
export class TornReadError extends Error {
  constructor(
    readonly key: string,
    readonly reason: TornReadReason,
    detail: string,
  ) {
    super(`${key}: ${detail}`);
    this.name = 'TornReadError';
  }
}

/** One read failed on the way: the S3 server errored, the connection broke, or it timed out. */
export class FailedReadError extends Error {
  constructor(
    readonly key: string,
    options: { cause: unknown },
  ) {
    super(`${key}: the read did not complete`, options);
    this.name = 'FailedReadError';
  }
}
