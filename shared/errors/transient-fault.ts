/** Error names AWS services give a passing refusal: throttling, and the transaction's own conflict. */
const PASSING_REFUSALS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'SlowDown',
  'ServiceUnavailable',
  'RequestTimeout',
]);

/** Node's codes for a connection that failed or was cut before an answer came. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/** How far down a chain of `cause`s to look: a use case may wrap the fault it met once or twice. */
const CAUSE_DEPTH = 5;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

function isPassing(error: SdkErrorShape): boolean {
  if (typeof error.name === 'string' && (error.name === 'TimeoutError' || PASSING_REFUSALS.has(error.name)))
    return true;
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return true;
  if (error.$retryable) return true;
  const status = error.$metadata?.httpStatusCode;
  return error.$fault === 'server' || (typeof status === 'number' && status >= 500);
}

/**
 * Whether an error is a dependency's passing fault (throttled, a 5xx, timed out, a connection cut),
 * left over once the SDK's own retries gave up: the same request may well succeed a few seconds later.
 * It reads the shape every AWS SDK v3 error has (`$fault`, `$retryable`, `$metadata`) and Node's
 * network codes, along the `cause` chain, so the edge that answers it needs no SDK import.
 */
export function isTransientFault(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    if (isPassing(current as SdkErrorShape)) return true;
    current = (current as SdkErrorShape).cause;
  }
  return false;
}
