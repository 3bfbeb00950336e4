import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { SitemapEntry, SitemapShard } from '../../domain/sitemap';
import type { SitemapRange } from '../../ports/article-store';
import type { PlainText } from '../../text/markup';
import { batchWriteRows } from './batch-write-rows';
import { readPartition } from './read-partition';
import { keys } from './table-design';

type Row = Record<string, unknown>;

/**
 * The sitemap's items in the article table: one entry per indexable article under its site order
 * key, and one record per shard (docs/decisions/0046-sitemap-shards-sealed-by-count.md). Written
 * with BatchWriteItem, 25 items a request: a burst's batch or a republish chunk writes hundreds.
 */
export class DynamoDbSitemapItems {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  async writeEntries(change: { put: readonly SitemapEntry[]; remove: readonly string[] }): Promise<void> {
    // One request per key: a BatchWriteItem refuses a key named twice.
    const put = new Map(change.put.map((entry) => [entry.key, entry]));
    await batchWriteRows(this.#documents, this.#table, [
      ...[...new Set(change.remove)]
        .filter((key) => !put.has(key))
        .map((key) => ({ DeleteRequest: { Key: keys.sitemapEntry(key) } })),
      ...[...put.values()].map((entry) => ({
        PutRequest: { Item: { ...keys.sitemapEntry(entry.key), entity: 'SitemapEntry', ...entry } },
      })),
    ]);
  }

  async entries(range: SitemapRange): Promise<SitemapEntry[]> {
    const { after, upTo, newest } = range;
    const condition =
      after !== undefined && upTo !== undefined
        ? 'pk = :pk AND sk BETWEEN :after AND :upTo'
        : after !== undefined
          ? 'pk = :pk AND sk > :after'
          : upTo !== undefined
            ? 'pk = :pk AND sk <= :upTo'
            : 'pk = :pk';
    const found: SitemapEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: {
            ':pk': keys.sitemapEntryPartition,
            ...(after !== undefined ? { ':after': after } : {}),
            ...(upTo !== undefined ? { ':upTo': upTo } : {}),
          },
          ScanIndexForward: newest === undefined,
          ...(newest !== undefined ? { Limit: newest + 1 } : {}),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      // BETWEEN includes its lower end, which belongs to the range below.
      for (const row of output.Items ?? []) if (row.sk !== after) found.push(toEntry(row));
      startKey = output.LastEvaluatedKey;
    } while (startKey && (newest === undefined || found.length < newest));
    return newest === undefined ? found : found.slice(0, newest);
  }

  async shards(): Promise<SitemapShard[]> {
    return (await readPartition(this.#documents, this.#table, keys.sitemapShardPartition)).map(toShard);
  }

  async writeShards(shards: readonly SitemapShard[]): Promise<void> {
    const byId = new Map(shards.map((shard) => [shard.id, shard]));
    await batchWriteRows(
      this.#documents,
      this.#table,
      [...byId.values()].map((shard) => ({
        PutRequest: { Item: { ...keys.sitemapShard(shard.id), entity: 'SitemapShard', ...shard } },
      })),
    );
  }
}

function toEntry(row: Row): SitemapEntry {
  return {
    key: row.key as string,
    articleId: row.articleId as string,
    slug: row.slug as string,
    lastmod: row.lastmod as string,
    publishedAt: row.publishedAt as string,
    title: row.title as PlainText,
    language: row.language as string,
  };
}

function toShard(row: Row): SitemapShard {
  return {
    id: row.id as number,
    ...(typeof row.upTo === 'string' ? { upTo: row.upTo } : {}),
    urls: row.urls as number,
    hash: row.hash as string,
    changedAt: row.changedAt as string,
  };
}
