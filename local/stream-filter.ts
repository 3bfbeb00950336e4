import type { DynamoDBRecord } from 'aws-lambda';

/** A Lambda event filter pattern: nested keys down to arrays of the values a field may hold. */
export type StreamFilterPattern = {
  readonly [key: string]: StreamFilterPattern | readonly (string | number)[];
};

function matches(value: unknown, pattern: StreamFilterPattern): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const field = (value as Record<string, unknown>)[key];
    return Array.isArray(expected)
      ? (expected as readonly unknown[]).includes(field)
      : matches(field, expected as StreamFilterPattern);
  });
}

/**
 * The local stand-in for an event source mapping's filter criteria: whether `record` matches any of
 * `patterns` (the same patterns infra gives Lambda), for the equality patterns this project uses.
 */
export function streamFilter(patterns: readonly StreamFilterPattern[]): (record: DynamoDBRecord) => boolean {
  return (record) => patterns.some((pattern) => matches(record, pattern));
}
