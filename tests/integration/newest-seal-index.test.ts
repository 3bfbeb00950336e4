import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../local/local-credentials';
import { keys } from '../../shared/adapters/dynamodb/table-design';
import type { ArchiveSeal } from '../../shared/domain/feed-archive';
import { ConcurrentChangeError } from '../../shared/errors/store-errors';
import { publishChanges } from '../../shared/publish/publish-changes';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';

/**
 * The feed list indexes each order's newest sealed archive (decision 0051), so a publish learns
 * where every feed's archives end from the one read of the feed list, not a Query per feed; a site
 * sealed before the index is read the old way once, and indexed then.
 */

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
const FEEDS = ['site', 'partner#almadar', 'language#ar'];
const archiveQueries = (run: TestContext) => run.counter.queried.filter((pk) => pk.startsWith('ARCHIVE#'));

let run: TestContext | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** 60 articles published in one batch: each feed needs an archive, so its origin is sealed. */
async function archivedSite(): Promise<TestContext> {
  run = await startTestContext();
  const stored = [];
  for (let index = 0; index < 60; index++)
    stored.push(await storeArticle(run.context, index, minutes(index)));
  await publishChanges(
    stored.map((article) => ({ articleId: article.articleId })),
    run.context,
  );
  return run;
}

/** Writes to the run's DynamoDB Local what no use case would. */
async function writeBehindTheStore(
  write: (documents: DynamoDBDocumentClient) => Promise<unknown>,
): Promise<void> {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') }),
  );
  try {
    await write(documents);
  } finally {
    documents.destroy();
  }
}

/** The table as a site written before the index left it: seals in their partitions, none indexed. */
async function forgetIndex(tableName: string): Promise<void> {
  await writeBehindTheStore((documents) =>
    documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.feedScopes,
        UpdateExpression: `REMOVE ${FEEDS.map((_, index) => `#seal${index}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(
          FEEDS.map((scope, index) => [`#seal${index}`, keys.newestSealAttribute(scope)]),
        ),
      }),
    ),
  );
}

async function publishOneMore(test: TestContext, index: number): Promise<void> {
  const added = await storeArticle(test.context, index, minutes(index));
  test.counter.reset();
  await publishChanges([{ articleId: added.articleId }], test.context);
}

describe('the newest seal, indexed beside the feed list', () => {
  it('is written with every seal, so a publish queries no archive partition', async () => {
    const test = await archivedSite();
    const catalog = await test.context.store.feedCatalog();
    for (const scope of FEEDS) {
      expect(catalog.newestSeals.get(scope)).toEqual(await test.context.store.newestArchive(scope));
      expect(catalog.newestSeals.get(scope)?.number).toBe(1);
    }

    await publishOneMore(test, 60);
    expect(archiveQueries(test)).toEqual([]);
    // The order of each feed and the news sitemap's window: nothing else is queried.
    expect([...test.counter.queried].sort()).toEqual(
      ['ORDER#language#ar', 'ORDER#partner#almadar', 'ORDER#site', 'SITEMAP#ENTRIES'].sort(),
    );
  }, 120_000);

  it('is learnt once from the partitions of a site sealed before it, then trusted', async () => {
    const test = await archivedSite();
    await forgetIndex(test.tableName);
    expect((await test.context.store.feedCatalog()).newestSeals.size).toBe(0);

    await publishOneMore(test, 60);
    expect(archiveQueries(test).sort()).toEqual(FEEDS.map((scope) => `ARCHIVE#${scope}`).sort());
    const catalog = await test.context.store.feedCatalog();
    for (const scope of FEEDS)
      expect(catalog.newestSeals.get(scope)).toEqual(await test.context.store.newestArchive(scope));

    await publishOneMore(test, 61);
    expect(archiveQueries(test)).toEqual([]);
  }, 120_000);

  it('indexes an order with no seal yet as having none', async () => {
    run = await startTestContext();
    await publishOneMore(run, 1);
    // One article: no feed needs an archive, and each was asked of its partition once.
    expect(archiveQueries(run).sort()).toEqual(FEEDS.map((scope) => `ARCHIVE#${scope}`).sort());
    const catalog = await run.context.store.feedCatalog();
    for (const scope of FEEDS) expect(catalog.newestSeals.get(scope)).toBeNull();

    await publishOneMore(run, 2);
    expect(archiveQueries(run)).toEqual([]);
  }, 60_000);

  it('never names an older seal than its partition holds', async () => {
    run = await startTestContext();
    const { context, tableName } = run;
    const { store } = context;
    const seal = (number: number, upperKey: string): ArchiveSeal => ({
      scope: 'site',
      number,
      upperKey,
      sealedAt: minutes(number),
    });
    await store.sealArchive(seal(1, minutes(1)));
    await store.sealArchive(seal(2, minutes(2)));
    expect((await store.feedCatalog()).newestSeals.get('site')).toEqual(seal(2, minutes(2)));

    // An older number is refused, and the index keeps the newer.
    await expect(store.sealArchive(seal(2, minutes(3)))).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.feedCatalog()).newestSeals.get('site')).toEqual(seal(2, minutes(2)));
    // Nothing of the refused seal was written.
    expect(await store.newestArchive('site')).toEqual(seal(2, minutes(2)));

    // Archive 3 sealed by a publisher of before the index (a deploy's last old invocation): when
    // the new publisher, trusting archive 2, seals the same archive, the index is dropped, so its
    // retry reads the partition.
    await writeBehindTheStore((documents) =>
      documents.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.archiveSeal('site', minutes(4)),
            entity: 'ArchiveSeal',
            number: 3,
            sealedAt: minutes(3),
          },
        }),
      ),
    );
    await expect(store.sealArchive(seal(3, minutes(4)))).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.feedCatalog()).newestSeals.has('site')).toBe(false);
  });
});
