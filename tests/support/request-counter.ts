import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

/** Requests sent per command, counted by a middleware on the real clients. */
export class RequestCounter {
  readonly counts = new Map<string, number>();

  attach(dynamodb: DynamoDBClient, s3: S3Client): void {
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        this.#count(`dynamodb.${context.commandName}`);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        this.#count(`s3.${context.commandName}`);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
  }

  #count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
