import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ArticleCatalog, CatalogPage } from '../../ports/article-catalog';
import { documentClientFor } from './document-client';
import { keys, TABLE_DESIGN } from './table-design';

/** Options of the DynamoDB article catalog. */
export interface DynamoDbArticleCatalogOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** The article id an order key ends with (`{instant}#{articleId}`). */
function articleIdOf(key: string): string {
  return key.slice(key.lastIndexOf('#') + 1);
}

/** The catalog on the table's `catalog` and `byPartner` keys-only indexes (docs/data-model.md). */
export class DynamoDbArticleCatalog implements ArticleCatalog {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbArticleCatalogOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
  }

  #index(partnerId: string | undefined) {
    const index = partnerId === undefined ? TABLE_DESIGN.catalogIndex : TABLE_DESIGN.byPartnerIndex;
    const partition = partnerId === undefined ? keys.catalogPartition : `PARTNER#${partnerId}`;
    return { index, partition };
  }

  /** A query of one partition of the index the filter picks, newest first. */
  #query(partnerId: string | undefined, rest: Omit<QueryCommandInput, 'TableName' | 'IndexName'>) {
    const { index, partition } = this.#index(partnerId);
    return new QueryCommand({
      TableName: this.#table,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      ...rest,
    });
  }

  async page(options: { partnerId?: string; after?: string; limit: number }): Promise<CatalogPage> {
    const { index, partition } = this.#index(options.partnerId);
    // An index query resumes from the index key and the table key of the last item it returned.
    const startKey = options.after
      ? {
          [index.partitionKey]: partition,
          [index.sortKey]: options.after,
          ...keys.articleHead(articleIdOf(options.after)),
        }
      : undefined;
    const output: QueryCommandOutput = await this.#documents.send(
      this.#query(options.partnerId, { Limit: options.limit, ExclusiveStartKey: startKey }),
    );
    const entries = (output.Items ?? []).map((row) => {
      const key = row[index.sortKey] as string;
      return { articleId: articleIdOf(key), key };
    });
    const last = entries.at(-1);
    return { entries, after: output.LastEvaluatedKey && last ? last.key : undefined };
  }

  async count(options: { partnerId?: string }): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await this.#documents.send(
        this.#query(options.partnerId, { Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      count += output.Count ?? 0;
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return count;
  }
}
