import { DynamoDBClient, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbPublishLock } from '../../shared/adapters/dynamodb/dynamodb-publish-lock';

/** A client whose every request is refused with `error` before it leaves: no service needed. */
function refusingClient(error: Error): DynamoDBClient {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  client.middlewareStack.add(
    () => async () => {
      throw error;
    },
    { step: 'initialize', name: 'refuse' },
  );
  return client;
}

describe('the publish lock against DynamoDB', () => {
  it('counts a transaction conflict as the lease not taken yet: its holder is giving it back in a transaction', async () => {
    const conflict = new TransactionConflictException({
      message: 'Transaction is ongoing for the item',
      $metadata: {},
    });
    const lock = new DynamoDbPublishLock({ client: refusingClient(conflict), tableName: 'syndication' });
    expect(await lock.acquire('waiting-publisher', 60_000)).toBe(false);
  });

  it('throws any other refusal', async () => {
    const other = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
    });
    const lock = new DynamoDbPublishLock({ client: refusingClient(other), tableName: 'syndication' });
    await expect(lock.acquire('waiting-publisher', 60_000)).rejects.toThrow('Requested resource not found');
  });
});
