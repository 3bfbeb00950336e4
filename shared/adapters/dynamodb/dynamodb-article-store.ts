import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Article, ArticleContent, Publication, RevisionOrigin } from '../../domain/article';
import type { Editorial } from '../../domain/editorial';
import { editorialOf } from '../../domain/editorial-of';
import type { ScheduledRelease } from '../../domain/embargo';
import type { ArchiveSeal } from '../../domain/feed-archive';
import type { OrderEntry } from '../../domain/order-entry';
import { orderKey } from '../../domain/site-order';
import type { SitemapEntry, SitemapShard } from '../../domain/sitemap';
import {
  ArticleTooLargeError,
  ConcurrentChangeError,
  DeliveryAlreadyRecordedError,
  SlugTakenError,
} from '../../errors/store-errors';
import type {
  ArticleStore,
  DeliveryReceipt,
  FeedCatalog,
  Neighbours,
  OrderRange,
  OrderWindow,
  ReleaseCommit,
  RevisionCommit,
  RevisionSummary,
  SitemapRange,
} from '../../ports/article-store';
import { type PlainText, trustedHtml } from '../../text/markup';
import { BATCH_GET_KEYS, batchGetRows } from './batch-get-rows';
import { isConditionFailure } from './condition-failure';
import { documentClientFor } from './document-client';
import { leaseRelease } from './dynamodb-publish-lock';
import { DynamoDbSitemapItems } from './dynamodb-sitemap-items';
import { readPartition } from './read-partition';
import { ARTICLE_ENTITY, keys } from './table-design';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Row = Record<string, unknown>;

/** Options of the DynamoDB article store. */
export interface DynamoDbArticleStoreOptions {
  /** A DynamoDB client, configured by the caller (region, endpoint, credentials). */
  client: DynamoDBClient;
  tableName: string;
  /** How long a delivery id is remembered; at least 24 h by contract. Default 7 days. */
  deliveryRetentionSeconds?: number;
  clock?: () => Date;
}

const DEFAULT_DELIVERY_RETENTION_SECONDS = 7 * 24 * 3600;
/** The largest compressed body stored in an item: 400 KB less room for the other attributes. */
const MAX_STORED_BODY_BYTES = 350_000;

/**
 * Bodies are stored gzipped: an article may be 512 KiB of text and an item at most 400 KB; the
 * rest of the content stays readable in the console.
 */
function splitBody(content: ArticleContent): {
  content: Omit<ArticleContent, 'bodyHtml'>;
  bodyGz: Uint8Array;
} {
  const { bodyHtml, ...rest } = content;
  return { content: rest, bodyGz: gzipSync(Buffer.from(bodyHtml, 'utf8')) };
}

/** Text fields come back as they were stored (typed); the body was sanitised before it was written. */
function joinBody(row: Row): ArticleContent {
  const body = gunzipSync(row.bodyGz as Uint8Array).toString('utf8');
  return { ...(row.content as Omit<ArticleContent, 'bodyHtml'>), bodyHtml: trustedHtml(body) };
}

/**
 * The editorial record as stored: without its empty maps. An article only taken down has no held
 * fields, and a stream record holding an empty map fails to unmarshall (DynamoDB Local's stream,
 * read through the SDK), which would stop the publisher on that article.
 */
function storedEditorial(editorial: Editorial | undefined): Row | undefined {
  if (!editorial) return undefined;
  const { held, partner, ...rest } = editorial;
  return {
    ...rest,
    ...(Object.keys(held).length > 0 ? { held } : {}),
    ...(Object.keys(partner).length > 0 ? { partner } : {}),
  };
}

function readEditorial(stored: unknown): Editorial | undefined {
  return stored ? editorialOf(stored as Partial<Editorial>) : undefined;
}

function toArticle(row: Row): Article {
  const editorial = readEditorial(row.editorial);
  return {
    articleId: row.articleId as string,
    partnerId: row.partnerId as string,
    externalId: row.externalId as string,
    slug: row.slug as string,
    revision: row.revision as number,
    visibility: row.visibility as Article['visibility'],
    changeSeq: row.changeSeq as number,
    content: joinBody(row),
    contentHash: row.contentHash as string,
    createdAt: row.createdAt as string,
    modifiedAt: row.modifiedAt as string,
    eventAt: row.eventAt as string | undefined,
    ...(editorial ? { editorial } : {}),
    ...(row.neverPublic === true ? { neverPublic: true } : {}),
  };
}

function toPublication(row: Row): Publication {
  return {
    articleId: row.articleId as string,
    state: row.state as Publication['state'],
    revision: row.revision as number,
    renderedSeq: row.renderedSeq as number,
    renderedAt: row.renderedAt as string,
  };
}

/** Revision items without their bodies: what the history needs, a fraction of the bytes. */
const REVISION_SUMMARY = {
  // Every name aliased: some attribute names are DynamoDB reserved words.
  projection: '#revision, #recordedAt, #visibility, #origin, #contentHash, #content.#title, #editorial',
  names: Object.fromEntries(
    ['revision', 'recordedAt', 'visibility', 'origin', 'contentHash', 'content', 'title', 'editorial'].map(
      (name) => [`#${name}`, name],
    ),
  ),
};

/** The index's value for an order with no sealed archive yet (archive numbers start at 1). */
const NO_SEAL = { number: 0 } as const;

/** A seal as the feed list indexes it: its scope is in the attribute's name. */
function indexedSeal(seal: ArchiveSeal) {
  return { number: seal.number, upperKey: seal.upperKey, sealedAt: seal.sealedAt };
}

function toArchiveSeal(row: Row): ArchiveSeal {
  return {
    scope: (row.pk as string).slice('ARCHIVE#'.length),
    number: row.number as number,
    upperKey: row.sk as string,
    sealedAt: row.sealedAt as string,
  };
}

function toOrderEntry(row: Row): OrderEntry {
  return {
    scope: (row.pk as string).slice('ORDER#'.length),
    key: row.sk as string,
    articleId: row.articleId as string,
    slug: row.slug as string,
    title: row.title as PlainText,
    publishedAt: row.publishedAt as string,
  };
}

/** The article store on one DynamoDB table (docs/data-model.md). */
export class DynamoDbArticleStore implements ArticleStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retention: number;
  readonly #clock: () => Date;
  readonly #sitemaps: DynamoDbSitemapItems;

  constructor(options: DynamoDbArticleStoreOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
    this.#retention = options.deliveryRetentionSeconds ?? DEFAULT_DELIVERY_RETENTION_SECONDS;
    this.#clock = options.clock ?? (() => new Date());
    this.#sitemaps = new DynamoDbSitemapItems(this.#documents, this.#table);
  }

  async getArticle(articleId: string): Promise<Article | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: keys.articleHead(articleId), ConsistentRead: true }),
    );
    return Item ? toArticle(Item) : undefined;
  }

  async getArticles(articleIds: readonly string[]): Promise<Article[]> {
    return this.#batchGet(articleIds, keys.articleHead, toArticle);
  }

  async getPublications(articleIds: readonly string[]): Promise<Publication[]> {
    return this.#batchGet(articleIds, keys.publication, toPublication);
  }

  /** One item per id, strongly consistent, in the order asked; missing ones left out. */
  async #batchGet<T>(
    articleIds: readonly string[],
    keyOf: (articleId: string) => Record<string, unknown>,
    read: (row: Row) => T,
  ): Promise<T[]> {
    const unique = [...new Set(articleIds)];
    const found = new Map<string, T>();
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      const batch = unique.slice(start, start + BATCH_GET_KEYS).map(keyOf);
      for (const row of await batchGetRows(this.#documents, this.#table, batch))
        found.set(row.articleId as string, read(row));
    }
    return articleIds.flatMap((id) => {
      const item = found.get(id);
      return item ? [item] : [];
    });
  }

  async listRevisions(articleId: string): Promise<RevisionSummary[]> {
    const summaries: RevisionSummary[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
          ExpressionAttributeValues: { ':pk': keys.articleHead(articleId).pk, ':rev': 'REV#' },
          ExpressionAttributeNames: REVISION_SUMMARY.names,
          ProjectionExpression: REVISION_SUMMARY.projection,
          ScanIndexForward: false,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of output.Items ?? []) {
        summaries.push({
          articleId,
          revision: row.revision as number,
          recordedAt: row.recordedAt as string,
          visibility: row.visibility as Article['visibility'],
          origin: row.origin as RevisionOrigin,
          contentHash: row.contentHash as string,
          title: (row.content as { title: PlainText }).title,
          ...(row.editorial ? { editorial: readEditorial(row.editorial) } : {}),
        });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return summaries;
  }

  async requestRender(articleId: string, expectedChangeSeq: number): Promise<number> {
    const changeSeq = expectedChangeSeq + 1;
    try {
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: keys.articleHead(articleId),
                // A new changeSeq is what the stream passes to the publisher; nothing else changes.
                UpdateExpression: 'SET changeSeq = :next',
                ConditionExpression: 'changeSeq = :expected',
                ExpressionAttributeValues: { ':next': changeSeq, ':expected': expectedChangeSeq },
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { ...keys.pending(articleId), entity: 'PendingPublish', changeSeq },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConcurrentChangeError({ cause: error });
      throw error;
    }
    return changeSeq;
  }

  async getDeliveryAndArticle(
    partnerId: string,
    deliveryId: string,
    articleId: string,
  ): Promise<{ receipt?: DeliveryReceipt; article?: Article }> {
    const delivery = keys.delivery(partnerId, deliveryId);
    const rows = await batchGetRows(this.#documents, this.#table, [delivery, keys.articleHead(articleId)]);
    const receipt = rows.find((row) => row.pk === delivery.pk)?.receipt as DeliveryReceipt | undefined;
    const head = rows.find((row) => row.pk !== delivery.pk);
    return { ...(receipt ? { receipt } : {}), ...(head ? { article: toArticle(head) } : {}) };
  }

  async getDeliveryReceipt(partnerId: string, deliveryId: string): Promise<DeliveryReceipt | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({
        TableName: this.#table,
        Key: keys.delivery(partnerId, deliveryId),
        ConsistentRead: true,
      }),
    );
    return Item ? (Item.receipt as DeliveryReceipt) : undefined;
  }

  async commitRevision(commit: RevisionCommit): Promise<void> {
    const { article, revision } = commit;
    const head = splitBody(article.content);
    // DynamoDB items are at most 400 KB; the rest of the item needs the headroom.
    if (head.bodyGz.byteLength > MAX_STORED_BODY_BYTES) {
      throw new ArticleTooLargeError(head.bodyGz.byteLength, MAX_STORED_BODY_BYTES);
    }
    const position = orderKey(article.content.publishedAt, article.articleId);
    const items: { role: 'head' | 'slug' | 'delivery' | 'other'; item: TransactItem }[] = [
      {
        role: 'head',
        item: {
          Put: {
            TableName: this.#table,
            Item: {
              ...keys.articleHead(article.articleId),
              entity: ARTICLE_ENTITY,
              articleId: article.articleId,
              partnerId: article.partnerId,
              externalId: article.externalId,
              slug: article.slug,
              revision: article.revision,
              visibility: article.visibility,
              changeSeq: article.changeSeq,
              content: head.content,
              bodyGz: head.bodyGz,
              contentHash: article.contentHash,
              createdAt: article.createdAt,
              modifiedAt: article.modifiedAt,
              eventAt: article.eventAt,
              editorial: storedEditorial(article.editorial),
              neverPublic: article.neverPublic,
              gsi1pk: `PARTNER#${article.partnerId}`,
              gsi1sk: position,
              gsi2pk: keys.catalogPartition,
              gsi2sk: position,
            },
            ...(commit.expectedRevision === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'revision = :expected AND changeSeq = :expectedSeq',
                  ExpressionAttributeValues: {
                    ':expected': commit.expectedRevision,
                    ':expectedSeq': commit.expectedChangeSeq,
                  },
                }),
          },
        },
      },
      {
        role: 'other',
        item: {
          Put: {
            TableName: this.#table,
            Item: {
              ...keys.revision(article.articleId, revision.revision),
              entity: 'Revision',
              articleId: revision.articleId,
              revision: revision.revision,
              content: splitBody(revision.content).content,
              bodyGz: head.bodyGz,
              contentHash: revision.contentHash,
              visibility: revision.visibility,
              origin: revision.origin,
              recordedAt: revision.recordedAt,
              // What editors had decided as of this revision, for the audit trail.
              editorial: storedEditorial(article.editorial),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
    ];
    // An article that has never been public and is not now (scheduled, or cancelled before its
    // release) gives the publisher nothing to do: no marker, so it never counts as "not yet live".
    if (!article.neverPublic) {
      items.push({
        role: 'other',
        item: {
          Put: {
            TableName: this.#table,
            Item: {
              ...keys.pending(article.articleId),
              entity: 'PendingPublish',
              changeSeq: article.changeSeq,
            },
          },
        },
      });
    }
    if (commit.releaseMarker) items.push({ role: 'other', item: this.#releaseMarkerWrite(article, commit) });
    if (commit.expectedRevision === undefined) {
      items.push({
        role: 'slug',
        item: {
          Put: {
            TableName: this.#table,
            Item: { ...keys.slug(article.slug), entity: 'Slug', articleId: article.articleId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    if (commit.delivery) {
      items.push({ role: 'delivery', item: { Put: this.#deliveryPut(commit.delivery) } });
    }
    for (const entry of commit.orders.remove) {
      items.push({
        role: 'other',
        item: { Delete: { TableName: this.#table, Key: keys.orderEntry(entry.scope, entry.key) } },
      });
    }
    for (const entry of commit.orders.put)
      items.push({ role: 'other', item: { Put: this.#orderEntryPut(entry) } });

    try {
      await this.#documents.send(new TransactWriteCommand({ TransactItems: items.map(({ item }) => item) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failed = new Set(
        (error.CancellationReasons ?? []).flatMap((reason, index) =>
          reason.Code === 'ConditionalCheckFailed' ? [items[index]?.role] : [],
        ),
      );
      // A retried delivery is answered from its receipt, whatever else also raced.
      if (failed.has('delivery')) throw new DeliveryAlreadyRecordedError({ cause: error });
      if (failed.has('head')) throw new ConcurrentChangeError({ cause: error });
      if (failed.has('slug')) throw new SlugTakenError(article.slug, { cause: error });
      // TransactionConflict: another transaction held one of the items. Safe to retry from a fresh read.
      throw new ConcurrentChangeError({ cause: error });
    }
  }

  #releaseMarkerWrite(article: Article, commit: RevisionCommit): TransactItem {
    const key = keys.scheduledRelease(article.articleId);
    if (commit.releaseMarker?.kind !== 'arm') return { Delete: { TableName: this.#table, Key: key } };
    return {
      Put: {
        TableName: this.#table,
        Item: {
          ...key,
          entity: 'ScheduledRelease',
          articleId: article.articleId,
          releaseAt: commit.releaseMarker.releaseAt,
        },
      },
    };
  }

  async commitRelease(commit: ReleaseCommit): Promise<void> {
    const { article } = commit;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.#table,
          Key: keys.articleHead(article.articleId),
          UpdateExpression:
            'SET visibility = :visibility, changeSeq = :changeSeq, modifiedAt = :modifiedAt' +
            (article.editorial ? ', editorial = :editorial' : '') +
            (article.neverPublic ? '' : ' REMOVE neverPublic'),
          ConditionExpression: 'revision = :expected AND changeSeq = :expectedSeq',
          ExpressionAttributeValues: {
            ':visibility': article.visibility,
            ':changeSeq': article.changeSeq,
            ':modifiedAt': article.modifiedAt,
            ':expected': commit.expectedRevision,
            ':expectedSeq': commit.expectedChangeSeq,
            ...(article.editorial ? { ':editorial': storedEditorial(article.editorial) } : {}),
          },
        },
      },
      { Delete: { TableName: this.#table, Key: keys.scheduledRelease(article.articleId) } },
    ];
    if (commit.publishes) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: {
            ...keys.pending(article.articleId),
            entity: 'PendingPublish',
            changeSeq: article.changeSeq,
          },
        },
      });
    }
    for (const entry of commit.orders.remove) {
      items.push({ Delete: { TableName: this.#table, Key: keys.orderEntry(entry.scope, entry.key) } });
    }
    for (const entry of commit.orders.put) items.push({ Put: this.#orderEntryPut(entry) });
    try {
      await this.#documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConcurrentChangeError({ cause: error });
      throw error;
    }
  }

  #orderEntryPut(entry: OrderEntry) {
    return {
      TableName: this.#table,
      Item: {
        ...keys.orderEntry(entry.scope, entry.key),
        entity: 'OrderEntry',
        articleId: entry.articleId,
        slug: entry.slug,
        title: entry.title,
        publishedAt: entry.publishedAt,
      },
    };
  }

  async scheduledReleases(): Promise<ScheduledRelease[]> {
    const rows = await readPartition(this.#documents, this.#table, keys.scheduledPartition);
    return rows
      .map((row) => ({ articleId: row.articleId as string, releaseAt: row.releaseAt as string }))
      .sort((a, b) => a.releaseAt.localeCompare(b.releaseAt));
  }

  #deliveryPut(delivery: { partnerId: string; deliveryId: string; receipt: DeliveryReceipt }) {
    return {
      TableName: this.#table,
      Item: {
        ...keys.delivery(delivery.partnerId, delivery.deliveryId),
        entity: 'Delivery',
        receipt: delivery.receipt,
        receivedAt: this.#clock().toISOString(),
        expiresAt: Math.floor(this.#clock().getTime() / 1000) + this.#retention,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
  }

  async recordEventTime(articleId: string, eventAt: string): Promise<void> {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.articleHead(articleId),
          UpdateExpression: 'SET eventAt = :eventAt',
          // changeSeq is untouched: the publisher skips this change (stream-changes.ts).
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(eventAt) OR eventAt < :eventAt)',
          ExpressionAttributeValues: { ':eventAt': eventAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordDelivery(partnerId: string, deliveryId: string, receipt: DeliveryReceipt): Promise<void> {
    try {
      await this.#documents.send(new PutCommand(this.#deliveryPut({ partnerId, deliveryId, receipt })));
    } catch (error) {
      if (isConditionFailure(error)) throw new DeliveryAlreadyRecordedError({ cause: error });
      throw error;
    }
  }

  async getPublication(articleId: string): Promise<Publication | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: keys.publication(articleId), ConsistentRead: true }),
    );
    return Item ? toPublication({ ...Item, articleId }) : undefined;
  }

  async neighbours(scope: string, key: string): Promise<Neighbours> {
    const [older, newer] = await Promise.all([
      this.#queryOrder(scope, 'sk < :key', false, 1, key),
      this.#queryOrder(scope, 'sk > :key', true, 1, key),
    ]);
    return { previous: older[0], next: newer[0] };
  }

  async newest(scope: string, limit: number): Promise<OrderEntry[]> {
    return this.#queryOrder(scope, undefined, false, limit);
  }

  async orderWindow(
    scope: string,
    around: { key?: string; older: number; newer: number },
  ): Promise<OrderWindow> {
    const query = (condition: string | undefined, forward: boolean, limit: number) =>
      limit <= 0
        ? Promise.resolve({ Items: [], LastEvaluatedKey: undefined, Count: 0 })
        : this.#documents.send(
            new QueryCommand({
              TableName: this.#table,
              KeyConditionExpression: condition ? `pk = :pk AND ${condition}` : 'pk = :pk',
              ExpressionAttributeValues: {
                ':pk': keys.orderPartition(scope),
                ...(around.key === undefined ? {} : { ':key': around.key }),
              },
              ScanIndexForward: forward,
              Limit: limit,
              ConsistentRead: true,
            }),
          );
    const [older, newer] = await Promise.all([
      query(around.key === undefined ? undefined : 'sk <= :key', false, around.older),
      around.key === undefined ? undefined : query('sk > :key', true, around.newer),
    ]);
    const olderEntries = (older.Items ?? []).map(toOrderEntry).reverse();
    const newerEntries = (newer?.Items ?? []).map(toOrderEntry);
    return {
      entries: [...olderEntries, ...newerEntries],
      // A Query that stopped at its limit (or at 1 MB) says so with LastEvaluatedKey, even when nothing follows.
      fromOldest: around.older > 0 && older.LastEvaluatedKey === undefined,
      toNewest: newer === undefined || (around.newer > 0 && newer.LastEvaluatedKey === undefined),
    };
  }

  async #queryOrder(
    scope: string,
    skCondition: string | undefined,
    forward: boolean,
    limit: number,
    key?: string,
  ): Promise<OrderEntry[]> {
    const { Items } = await this.#documents.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: skCondition ? `pk = :pk AND ${skCondition}` : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.orderPartition(scope), ...(key ? { ':key': key } : {}) },
        ScanIndexForward: forward,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map(toOrderEntry);
  }

  async markRendered(publication: Publication): Promise<void> {
    try {
      await this.#documents.send(new PutCommand(this.#publicationPut(publication)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      await this.#documents.send(new DeleteCommand(this.#pendingDelete(publication)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async markRenderedAll(
    publications: readonly Publication[],
    options: { releasingLeaseOf?: string } = {},
  ): Promise<boolean> {
    // A transaction holds at most 100 items: two per article.
    const groups: TransactItem[][] = [];
    for (let start = 0; start < publications.length; start += 50)
      groups.push(
        publications
          .slice(start, start + 50)
          .flatMap((publication) => [
            { Put: this.#publicationPut(publication) },
            { Delete: this.#pendingDelete(publication) },
          ]),
      );
    if (options.releasingLeaseOf !== undefined) {
      const release = { Delete: leaseRelease(this.#table, options.releasingLeaseOf) };
      const last = groups.at(-1);
      if (last && last.length < 100) last.push(release);
      else groups.push([release]);
    }
    for (const group of groups) await this.#writeTogether(group);
    return options.releasingLeaseOf !== undefined;
  }

  /**
   * One transaction for a group's records and markers, where one request each made a burst's
   * bookkeeping its slowest step. A write whose condition fails is left out and the rest tried again,
   * as `markRendered` and `PublishLock.release` ignore it; a conflict with another transaction is
   * retried; after a few tries the remaining writes go one by one.
   */
  async #writeTogether(items: readonly TransactItem[]): Promise<void> {
    let writes = [...items];
    for (let attempt = 0; writes.length > 0; attempt++) {
      if (attempt >= 4) {
        for (const write of writes) {
          try {
            if (write.Put) await this.#documents.send(new PutCommand(write.Put));
            else if (write.Delete) await this.#documents.send(new DeleteCommand(write.Delete));
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }
        return;
      }
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      try {
        await this.#documents.send(new TransactWriteCommand({ TransactItems: writes }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        writes = writes.filter((_, index) => reasons[index]?.Code !== 'ConditionalCheckFailed');
      }
    }
  }

  #publicationPut(publication: Publication) {
    return {
      TableName: this.#table,
      Item: { ...keys.publication(publication.articleId), entity: 'Publication', ...publication },
      // A slower publisher must not overwrite a newer record with an older one, nor a repeat of a change
      // (the stream delivers at least once) the record of its first render: a change's seq is rendered
      // the same each time, and when it went live is when it was first rendered.
      ConditionExpression: 'attribute_not_exists(pk) OR renderedSeq < :seq',
      ExpressionAttributeValues: { ':seq': publication.renderedSeq },
    };
  }

  #pendingDelete(publication: Publication) {
    return {
      TableName: this.#table,
      Key: keys.pending(publication.articleId),
      // A change accepted while we rendered keeps its marker until it is rendered too.
      ConditionExpression: 'changeSeq <= :seq',
      ExpressionAttributeValues: { ':seq': publication.renderedSeq },
    };
  }

  async recordFeedScopes(scopeIds: readonly string[]): Promise<void> {
    if (scopeIds.length === 0) return;
    await this.#documents.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.feedScopes,
        UpdateExpression: 'ADD scopes :scopes SET entity = :entity',
        ExpressionAttributeValues: { ':scopes': new Set(scopeIds), ':entity': 'FeedScopes' },
      }),
    );
  }

  async feedScopes(): Promise<string[]> {
    return (await this.feedCatalog()).scopes;
  }

  async feedCatalog(): Promise<FeedCatalog> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: keys.feedScopes, ConsistentRead: true }),
    );
    return toFeedCatalog(Item);
  }

  async getArticlesWithFeedCatalog(
    articleIds: readonly string[],
  ): Promise<{ articles: Article[]; catalog: FeedCatalog }> {
    const unique = [...new Set(articleIds)];
    // The feed list takes one key of the first hundred; the heads beyond go as `getArticles` reads them.
    const first = unique.slice(0, BATCH_GET_KEYS - 1);
    const rows = await batchGetRows(this.#documents, this.#table, [
      keys.feedScopes,
      ...first.map(keys.articleHead),
    ]);
    const isFeedList = (row: Record<string, unknown>) =>
      row.pk === keys.feedScopes.pk && row.sk === keys.feedScopes.sk;
    const found = new Map<string, Article>();
    for (const row of rows) if (!isFeedList(row)) found.set(row.articleId as string, toArticle(row));
    for (const article of await this.getArticles(unique.slice(first.length)))
      found.set(article.articleId, article);
    return {
      articles: articleIds.flatMap((id) => found.get(id) ?? []),
      catalog: toFeedCatalog(rows.find(isFeedList)),
    };
  }

  async countPendingPublishes(): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.pendingPartition },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += output.Count ?? 0;
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async orderRange(scope: string, range: OrderRange): Promise<OrderEntry[]> {
    const conditions = [
      range.after === undefined ? undefined : 'sk > :after',
      range.through === undefined ? undefined : 'sk <= :through',
    ].filter((condition) => condition !== undefined);
    // DynamoDB takes one sort-key condition: both bounds are BETWEEN, with the lower one excluded below.
    const keyCondition =
      conditions.length === 2
        ? 'pk = :pk AND sk BETWEEN :after AND :through'
        : ['pk = :pk', ...conditions].join(' AND ');
    const entries: OrderEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeValues: {
            ':pk': keys.orderPartition(scope),
            ...(range.after === undefined ? {} : { ':after': range.after }),
            ...(range.through === undefined ? {} : { ':through': range.through }),
          },
          ScanIndexForward: true,
          // One more than asked when BETWEEN may return the excluded lower bound itself.
          ...(range.limit === undefined
            ? {}
            : { Limit: range.limit - entries.length + (conditions.length === 2 ? 1 : 0) }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of output.Items ?? [])
        if (range.after === undefined || (row.sk as string) > range.after) entries.push(toOrderEntry(row));
      startKey = output.LastEvaluatedKey;
    } while (startKey && (range.limit === undefined || entries.length < range.limit));
    return range.limit === undefined ? entries : entries.slice(0, range.limit);
  }

  async newestArchive(scope: string): Promise<ArchiveSeal | undefined> {
    const [newest] = await this.#queryArchives(scope, undefined, false, 1);
    return newest;
  }

  async archiveAt(scope: string, key: string): Promise<{ archive?: ArchiveSeal; previous?: ArchiveSeal }> {
    const [holding, before] = await Promise.all([
      this.#queryArchives(scope, { condition: 'sk >= :key', key }, true, 1),
      this.#queryArchives(scope, { condition: 'sk < :key', key }, false, 1),
    ]);
    return { archive: holding[0], previous: before[0] };
  }

  async archives(scope: string): Promise<ArchiveSeal[]> {
    return this.#queryArchives(scope, undefined, true, undefined);
  }

  async #queryArchives(
    scope: string,
    bound: { condition: string; key: string } | undefined,
    forward: boolean,
    limit: number | undefined,
  ): Promise<ArchiveSeal[]> {
    const seals: ArchiveSeal[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: bound ? `pk = :pk AND ${bound.condition}` : 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': keys.archivePartition(scope),
            ...(bound ? { ':key': bound.key } : {}),
          },
          ScanIndexForward: forward,
          ...(limit === undefined ? {} : { Limit: limit }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      seals.push(...(output.Items ?? []).map(toArchiveSeal));
      startKey = output.LastEvaluatedKey;
    } while (startKey && limit === undefined);
    return seals;
  }

  async sealArchive(seal: ArchiveSeal): Promise<void> {
    // The seal and its index in one transaction: a publish trusts the index (decision 0051), so it
    // never names an older seal than the partition holds.
    try {
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...keys.archiveSeal(seal.scope, seal.upperKey),
                  entity: 'ArchiveSeal',
                  number: seal.number,
                  sealedAt: seal.sealedAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: this.#indexSeal(seal.scope, indexedSeal(seal), {
                expression: 'attribute_not_exists(#seal) OR #seal.#number < :number',
                names: { '#number': 'number' },
                values: { ':number': seal.number },
              }),
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // The archive exists though the index named an older one: sealed by a publisher of before the
      // index (a deploy's last old invocation). Dropping the index makes the retry read the partition.
      if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed')
        await this.#documents.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: keys.feedScopes,
            UpdateExpression: 'REMOVE #seal',
            ExpressionAttributeNames: { '#seal': keys.newestSealAttribute(seal.scope) },
          }),
        );
      throw new ConcurrentChangeError({ cause: error });
    }
  }

  async indexNewestArchive(scope: string, seal: ArchiveSeal | null): Promise<void> {
    try {
      await this.#documents.send(
        // A seal made since it was read indexed itself, and is the newer.
        new UpdateCommand(
          this.#indexSeal(scope, seal ? indexedSeal(seal) : NO_SEAL, {
            expression: 'attribute_not_exists(#seal)',
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * The feed list's update indexing `value` as the newest seal of `scope`, if `condition` holds; the
   * condition may name the index as `#seal`.
   */
  #indexSeal(
    scope: string,
    value: ReturnType<typeof indexedSeal> | typeof NO_SEAL,
    condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
  ) {
    return {
      TableName: this.#table,
      Key: keys.feedScopes,
      UpdateExpression: 'SET #seal = :seal, entity = :entity',
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: { '#seal': keys.newestSealAttribute(scope), ...condition.names },
      ExpressionAttributeValues: { ':seal': value, ':entity': 'FeedScopes', ...condition.values },
    };
  }

  writeSitemapEntries(change: { put: readonly SitemapEntry[]; remove: readonly string[] }): Promise<void> {
    return this.#sitemaps.writeEntries(change);
  }

  sitemapEntries(range: SitemapRange): Promise<SitemapEntry[]> {
    return this.#sitemaps.entries(range);
  }

  sitemapShards(): Promise<SitemapShard[]> {
    return this.#sitemaps.shards();
  }

  writeSitemapShards(shards: readonly SitemapShard[]): Promise<void> {
    return this.#sitemaps.writeShards(shards);
  }
}

/** The feed list item as a {@link FeedCatalog}; none yet is an empty one. */
function toFeedCatalog(item: Record<string, unknown> | undefined): FeedCatalog {
  const prefix = keys.newestSealAttribute('');
  const newestSeals = new Map<string, ArchiveSeal | null>();
  for (const [name, value] of Object.entries(item ?? {})) {
    if (!name.startsWith(prefix)) continue;
    const scope = name.slice(prefix.length);
    const indexed = value as { number: number; upperKey?: string; sealedAt?: string };
    newestSeals.set(
      scope,
      indexed.number === NO_SEAL.number
        ? null
        : {
            scope,
            number: indexed.number,
            upperKey: indexed.upperKey as string,
            sealedAt: indexed.sealedAt as string,
          },
    );
  }
  return { scopes: [...((item?.scopes as Set<string> | undefined) ?? [])].sort(), newestSeals };
}
