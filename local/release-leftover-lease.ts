import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClientFor } from '../shared/adapters/dynamodb/document-client';
import { keys } from '../shared/adapters/dynamodb/table-design';

/**
 * Gives back a publish lease left in the table by a local run that was killed while it published.
 * One `npm start` runs on a data directory at a time, so such a lease belongs to no living process;
 * left alone it would hold every publish of the new run back until it expires (90 s, decision 0008),
 * and `/healthz` would count the accepted changes as pending all that time (decision 0034).
 */
export async function releaseLeftoverLease(client: DynamoDBClient, tableName: string): Promise<void> {
  await documentClientFor(client).send(new DeleteCommand({ TableName: tableName, Key: keys.publishLock }));
}
