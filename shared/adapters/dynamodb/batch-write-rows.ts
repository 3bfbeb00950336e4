import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { untilAllProcessed } from './until-all-processed';

/** One put or delete of a `BatchWriteItem`. */
export type WriteRequest = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string][number];

/** DynamoDB's limit of requests per `BatchWriteItem`. */
export const BATCH_WRITE_REQUESTS = 25;

/**
 * Sends `requests` (puts and deletes of one table, no key twice) in `BatchWriteItem`s of
 * {@link BATCH_WRITE_REQUESTS}, all at once; what DynamoDB leaves unprocessed is sent again
 * (`untilAllProcessed`). Unconditional, as `BatchWriteItem` is: for items whose last write wins.
 */
export async function batchWriteRows(
  documents: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_WRITE_REQUESTS)
    batches.push(requests.slice(start, start + BATCH_WRITE_REQUESTS));
  await Promise.all(
    batches.map((batch) =>
      untilAllProcessed('BatchWriteItem', batch, async (pending) => {
        const output: BatchWriteCommandOutput = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        return output.UnprocessedItems?.[tableName];
      }),
    ),
  );
}
