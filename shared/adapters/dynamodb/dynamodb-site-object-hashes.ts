import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SiteObjectHashes } from '../../ports/site-object-hashes';
import { BATCH_GET_KEYS, batchGetRows } from './batch-get-rows';
import { batchWriteRows } from './batch-write-rows';
import { documentClientFor } from './document-client';
import { keys } from './table-design';

/** Options of the DynamoDB record of site object hashes. */
export interface DynamoDbSiteObjectHashesOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * Site object hashes as items of the article table, one per object key (`SITEOBJECT#<key>`). They
 * are read with BatchGetItem and written with BatchWriteItem: a publish of one article reads its 14
 * hashes in one request and records them in one, where a HEAD per object cost 14.
 */
export class DynamoDbSiteObjectHashes implements SiteObjectHashes {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbSiteObjectHashesOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
  }

  async read(objectKeys: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(objectKeys)];
    const batches = [];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS)
      batches.push(unique.slice(start, start + BATCH_GET_KEYS));
    const rows = await Promise.all(
      batches.map((batch) =>
        batchGetRows(this.#documents, this.#table, batch.map(keys.siteObject), {
          // `hash` is a DynamoDB reserved word.
          ProjectionExpression: 'pk, #hash',
          ExpressionAttributeNames: { '#hash': 'hash' },
        }),
      ),
    );
    return new Map(
      rows.flat().map((row) => [(row.pk as string).slice('SITEOBJECT#'.length), row.hash as string]),
    );
  }

  async record(hashes: ReadonlyMap<string, string>): Promise<void> {
    await batchWriteRows(
      this.#documents,
      this.#table,
      [...hashes].map(([objectKey, hash]) => ({
        PutRequest: { Item: { ...keys.siteObject(objectKey), entity: 'SiteObject', hash } },
      })),
    );
  }

  async forget(objectKeys: readonly string[]): Promise<void> {
    await batchWriteRows(
      this.#documents,
      this.#table,
      [...new Set(objectKeys)].map((objectKey) => ({ DeleteRequest: { Key: keys.siteObject(objectKey) } })),
    );
  }
}
