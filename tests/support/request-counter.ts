import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

/** Requests sent per command, counted by a middleware on the real clients. */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  /** The partition key of each DynamoDB `Query`, in the order sent. */
  readonly queried: string[] = [];

  attach(dynamodb: DynamoDBClient, s3: S3Client): void {
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        this.#count(`dynamodb.${context.commandName}`);
        if (context.commandName === 'QueryCommand') this.queried.push(partitionOf(args.input));
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
    this.queried.length = 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** A Query's `:pk`, whether the document client has marshalled it yet or not. */
function partitionOf(input: unknown): string {
  const value = (input as { ExpressionAttributeValues?: Record<string, unknown> })
    .ExpressionAttributeValues?.[':pk'];
  return typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S);
}
