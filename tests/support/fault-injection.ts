import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { seededRandom } from './seeded-random';

/**
 * What an injected fault looks like to the SDK:
 * - `server-error`: a 500 answer (`InternalServerError`, S3 `InternalError`);
 * - `throttling`: DynamoDB's 400 `ThrottlingException`, S3's 503 `SlowDown`;
 * - `timeout`: the request never reached the service (a `TimeoutError`, as the HTTP handler throws);
 * - `lost-response`: the service did the work but its answer timed out on the way back, so a retry
 *   finds its own write already there.
 */
export type FaultKind = 'server-error' | 'throttling' | 'timeout' | 'lost-response';

export const FAULT_KINDS: readonly FaultKind[] = ['server-error', 'throttling', 'timeout', 'lost-response'];

/** Options of {@link injectFaults}. */
export interface FaultOptions {
  /** The share of attempts that fail, 0..1. */
  rate: number;
  /** Seeds the random choice of which attempts fail and how, so a failing run can be replayed. */
  seed: number;
  kinds?: readonly FaultKind[];
  /** Commands to fail (`PutObjectCommand`, `TransactWriteItemsCommand`); all when absent. */
  commands?: readonly string[];
  /** At most this many faults, then none; unlimited when absent. */
  limit?: number;
}

/** What the injector did, for the test to report and assert on. */
export interface FaultCounts {
  /** HTTP attempts the SDK made while faults were on. */
  attempts: number;
  /** Attempts answered with a fault, by kind. */
  injected: Record<FaultKind, number>;
  /** Calls that failed to their caller with a fault after the SDK's own retries, by command. */
  surfaced: Record<string, number>;
}

/** A switch for the faults injected into one client. */
export interface FaultInjector {
  readonly counts: FaultCounts;
  /** Faults are injected only while on; they start on. */
  enabled: boolean;
  /** Takes the middleware off the client. */
  remove(): void;
}

type Client = DynamoDBClient | S3Client;
type Next = (args: unknown) => Promise<{ output?: unknown; response: unknown }>;
type Context = { clientName?: string; commandName?: string };

const ATTEMPT_MIDDLEWARE = 'faultInjectionAttempt';
const CALL_MIDDLEWARE = 'faultInjectionCall';

const FAULT_NAMES = new Set([
  'TimeoutError',
  'InternalServerError',
  'InternalError',
  'ThrottlingException',
  'SlowDown',
]);

/** Whether an error is one of ours (or the service's own of the same kind), not an ordinary refusal. */
function isFault(error: unknown): boolean {
  return error instanceof Error && FAULT_NAMES.has(error.name);
}

function timeoutError(): Error {
  return Object.assign(new Error('injected fault: socket timed out'), { name: 'TimeoutError' });
}

/** An HTTP answer of the service's own protocol, so the SDK's deserialiser makes its usual typed error. */
function faultResponse(kind: 'server-error' | 'throttling', s3: boolean) {
  const [statusCode, code] = s3
    ? kind === 'throttling'
      ? [503, 'SlowDown']
      : [500, 'InternalError']
    : kind === 'throttling'
      ? [400, 'ThrottlingException']
      : [500, 'InternalServerError'];
  const body = s3
    ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected fault</Message><RequestId>fault</RequestId></Error>`
    : JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: 'injected fault' });
  return {
    statusCode,
    reason: code,
    headers: s3
      ? { 'content-type': 'application/xml' }
      : { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': code },
    body: new TextEncoder().encode(body),
  };
}

/**
 * Adds SDK v3 middleware to a client that fails a seeded random share of its HTTP attempts with
 * 5xx answers, throttling, timeouts and lost responses, in turn. It sits in the `deserialize` step, inside the SDK's retry
 * loop, so the client's own retries (`maxAttempts`, 3 by default) see each fault as they would see
 * the service's: what they absorb never reaches the code, and `counts.surfaced` tells what did.
 */
export function injectFaults(client: Client, options: FaultOptions): FaultInjector {
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  const commands = options.commands && new Set(options.commands);
  const counts: FaultCounts = {
    attempts: 0,
    injected: { 'server-error': 0, throttling: 0, timeout: 0, 'lost-response': 0 },
    surfaced: {},
  };
  const injector = {
    counts,
    enabled: true,
    remove: () => {
      client.middlewareStack.remove(ATTEMPT_MIDDLEWARE);
      client.middlewareStack.remove(CALL_MIDDLEWARE);
    },
  };
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: Record<string, unknown>): void;
  };

  stack.add(
    (next: Next, context: Context) => async (args: unknown) => {
      const command = context.commandName ?? '';
      if (!injector.enabled || (commands && !commands.has(command))) return next(args);
      counts.attempts++;
      const spent = Object.values(counts.injected).reduce((sum, count) => sum + count, 0);
      if (spent >= (options.limit ?? Number.POSITIVE_INFINITY) || random() >= options.rate) return next(args);
      // Which attempts fail is random; their kinds take turns, so a run with as few faults as there
      // are kinds still shows each of them (the publisher's requests are few since decision 0039).
      const kind = kinds[spent % kinds.length] as FaultKind;
      counts.injected[kind]++;
      if (kind === 'timeout') throw timeoutError();
      if (kind === 'lost-response') {
        await next(args);
        throw timeoutError();
      }
      return { response: faultResponse(kind, context.clientName === 'S3Client') };
    },
    // After (inside) the deserialiser, so a fault answer is read as the service's own.
    { step: 'deserialize', priority: 'low', name: ATTEMPT_MIDDLEWARE },
  );
  stack.add(
    (next: Next, context: Context) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        const command = context.commandName ?? 'unknown';
        if (injector.enabled && isFault(error))
          counts.surfaced[command] = (counts.surfaced[command] ?? 0) + 1;
        throw error;
      }
    },
    // Outside the retry middleware: only what the retries did not absorb.
    { step: 'initialize', priority: 'high', name: CALL_MIDDLEWARE },
  );
  return injector;
}
