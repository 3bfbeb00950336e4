import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { startS3Server } from '../local/emulators/s3-server';

/** The emulators a benchmark runs against: DynamoDB Local and the local S3 server. */
export interface BenchEndpoints {
  dynamodb: string;
  s3: string;
  /** DynamoDB Local's process id, for its CPU time. */
  dynamodbPid?: number;
}

/** Starts the emulators, runs `work` against them, and stops them and deletes their data after. */
export async function withBenchStack<T>(work: (endpoints: BenchEndpoints) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-bench-'));
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3Server({ directory })]);
  try {
    return await work({ dynamodb: dynamodb.endpoint, s3: s3.endpoint, dynamodbPid: dynamodb.pid });
  } finally {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    await rm(directory, { recursive: true, force: true });
  }
}

/** Whether the module at `moduleUrl` is the one `tsx` was asked to run. */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === moduleUrl;
}

/** The value below which `fraction` of `values` lie (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Runs `task` over `items`, at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
