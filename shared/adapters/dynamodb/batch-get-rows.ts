import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { untilAllProcessed } from './until-all-processed';

/** DynamoDB's limit of keys per `BatchGetItem`. */
export const BATCH_GET_KEYS = 100;

/** What a read may narrow: the attributes wanted, and the names those need. */
export interface RowProjection {
  ProjectionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/**
 * The items of at most {@link BATCH_GET_KEYS} keys of one table, in one strongly consistent
 * `BatchGetItem`, in no particular order (missing ones left out); the keys DynamoDB leaves unprocessed
 * are asked again (`untilAllProcessed`).
 */
export async function batchGetRows(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  projection?: RowProjection,
): Promise<Record<string, unknown>[]> {
  if (keys.length > BATCH_GET_KEYS)
    throw new RangeError(`BatchGetItem reads at most ${BATCH_GET_KEYS} keys; ${keys.length} were asked`);
  const rows: Record<string, unknown>[] = [];
  await untilAllProcessed('BatchGetItem', keys, async (requestKeys) => {
    const output: BatchGetCommandOutput = await documents.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: requestKeys, ConsistentRead: true, ...projection } },
      }),
    );
    rows.push(...(output.Responses?.[tableName] ?? []));
    return output.UnprocessedKeys?.[tableName]?.Keys;
  });
  return rows;
}
