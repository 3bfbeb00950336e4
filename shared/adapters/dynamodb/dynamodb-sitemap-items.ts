import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { SitemapEntry, SitemapShard } from '../../domain/sitemap';
import type { SitemapRange } from '../../ports/article-store';
import type { PlainText } from '../../text/markup';
import { readPartition } from './read-partition';
import { keys } from './table-design';

type Row = Record<string, unknown>;

/** Items written at once: a publish writes one or two, a republish chunk about a hundred. */
const WRITE_CONCURRENCY = 8;

/**
 * The sitemap's items in the article table: one entry per indexable article under its site order
 * key, and one record per shard (docs/decisions/0046-sitemap-shards-sealed-by-count.md). Plain
 * PutItem, DeleteItem and Query: the calls the publisher already makes.
 */
export class DynamoDbSitemapItems {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  async writeEntries(change: { put: readonly SitemapEntry[]; remove: readonly string[] }): Promise<void> {
    const put = new Set(change.put.map((entry) => entry.key));
    await this.#each([
      ...change.remove
        .filter((key) => !put.has(key))
        .map(
          (key) => () =>
            this.#documents.send(new DeleteCommand({ TableName: this.#table, Key: keys.sitemapEntry(key) })),
        ),
      ...change.put.map(
        (entry) => () =>
          this.#documents.send(
            new PutCommand({
              TableName: this.#table,
              Item: { ...keys.sitemapEntry(entry.key), entity: 'SitemapEntry', ...entry },
            }),
          ),
      ),
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
    await this.#each(
      shards.map(
        (shard) => () =>
          this.#documents.send(
            new PutCommand({
              TableName: this.#table,
              Item: { ...keys.sitemapShard(shard.id), entity: 'SitemapShard', ...shard },
            }),
          ),
      ),
    );
  }

  async #each(calls: (() => Promise<unknown>)[]): Promise<void> {
    for (let start = 0; start < calls.length; start += WRITE_CONCURRENCY)
      await Promise.all(calls.slice(start, start + WRITE_CONCURRENCY).map((call) => call()));
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
