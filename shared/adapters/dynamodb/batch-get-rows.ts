import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** DynamoDB's limit of keys per `BatchGetItem`. */
export const BATCH_GET_KEYS = 100;
/** How often keys DynamoDB left unprocessed (throttling, a 16 MB answer) are asked again. */
const MAX_ATTEMPTS = 8;

const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));

/** What a read may narrow: the attributes wanted, and the names those need. */
export interface RowProjection {
  ProjectionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/**
 * The items of at most {@link BATCH_GET_KEYS} keys of one table, in one strongly consistent
 * `BatchGetItem`, in no particular order (missing ones left out): the keys DynamoDB leaves unprocessed
 * are asked again after a growing pause, and a read that still leaves some after eight tries throws.
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
  let requestKeys: Record<string, unknown>[] | undefined = [...keys];
  for (let attempt = 0; requestKeys && requestKeys.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`BatchGetItem left ${requestKeys.length} keys unprocessed after ${attempt} attempts`);
    if (attempt > 0) await backOff(attempt);
    const output: BatchGetCommandOutput = await documents.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: requestKeys, ConsistentRead: true, ...projection } },
      }),
    );
    rows.push(...(output.Responses?.[tableName] ?? []));
    requestKeys = output.UnprocessedKeys?.[tableName]?.Keys;
  }
  return rows;
}
