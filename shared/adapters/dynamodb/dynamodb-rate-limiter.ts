import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter';
import { documentClientFor } from './document-client';
import { keys } from './table-design';

/** Options of the DynamoDB rate limiter. */
export interface DynamoDbRateLimiterOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * Fixed one-minute windows counted with an atomic `ADD` on one item per caller and minute; the
 * item expires by TTL. Shared by every Lambda instance, unlike an in-memory counter.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbRateLimiterOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
  }

  async consume(caller: string, perMinute: number, now: Date): Promise<RateDecision> {
    const seconds = Math.floor(now.getTime() / 1000);
    const windowStart = seconds - (seconds % 60);
    const { Attributes } = await this.#documents.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.rateWindow(caller, windowStart),
        UpdateExpression: 'ADD hits :one SET entity = :entity, expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'RateWindow', ':expires': windowStart + 180 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = (Attributes?.hits as number | undefined) ?? 1;
    return { allowed: hits <= perMinute, retryAfterSeconds: Math.max(1, windowStart + 60 - seconds) };
  }
}
