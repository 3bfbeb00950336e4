import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PublishLock } from '../../ports/publish-lock';
import { isConditionFailure, isTransactionConflict } from './condition-failure';
import { documentClientFor } from './document-client';
import { keys } from './table-design';

/** Options of the DynamoDB publish lock. */
export interface DynamoDbPublishLockOptions {
  client: DynamoDBClient;
  tableName: string;
  clock?: () => Date;
}

/**
 * A lease on one item, taken with a conditional put: free, expired, or already ours. The lease
 * outlives the publisher function's timeout, so a crashed publisher blocks others for at most
 * the lease's length (see docs/decisions/0008-one-publisher-at-a-time.md).
 */
export class DynamoDbPublishLock implements PublishLock {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: () => Date;

  constructor(options: DynamoDbPublishLockOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
    this.#clock = options.clock ?? (() => new Date());
  }

  async acquire(owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock().getTime();
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...keys.publishLock, entity: 'PublishLock', owner, leaseUntil: now + ttlMs },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      // A conflict means the holder is giving the lease back in its last transaction right now
      // (decision 0056): not ours yet, so asked again after the usual pause.
      if (isConditionFailure(error) || isTransactionConflict(error)) return false;
      throw error;
    }
  }

  async release(owner: string): Promise<void> {
    try {
      await this.#documents.send(new DeleteCommand(leaseRelease(this.#table, owner)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/**
 * The delete that gives the lease back if `owner` still holds it: sent alone by {@link DynamoDbPublishLock},
 * or as one item of the publish's last transaction (`ArticleStore.markRenderedAll`), which saves a batch
 * a request. A failed condition means the lease had lapsed and another publisher took it: nothing to give back.
 */
export function leaseRelease(tableName: string, owner: string) {
  return {
    TableName: tableName,
    Key: keys.publishLock,
    ConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':owner': owner },
  };
}
