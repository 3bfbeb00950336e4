import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { ensureBucket, ensureTableWithoutStream } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import type { Article } from '../../shared/domain/article';
import { createPipelineContext, type PipelineContext } from '../../shared/runtime/pipeline-context';
import { dropTable } from './drop-table';
import { firstRevisionCommit } from './first-revision';
import { RequestCounter } from './request-counter';
import { sampleArticle } from './sample-article';
import { testPartners } from './test-partners';

/**
 * The use cases' context on the run's emulators, with no HTTP server and no stream poller: for
 * tests that drive the publisher directly and count what it asks of the stores.
 */
export interface TestContext {
  context: PipelineContext;
  counter: RequestCounter;
  /** The table (and bucket) name, for tests that write what no use case would. */
  tableName: string;
  /** The body of a published object. */
  read(key: string): Promise<string>;
  /** Closes the clients and deletes the table. */
  stop(): Promise<void>;
}

export async function startTestContext(): Promise<TestContext> {
  const suffix = randomUUID().slice(0, 8);
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: inject('s3Endpoint'), forcePathStyle: true });
  // No poller reads this table's stream, so it has none (ensure-resources.ts says why that matters).
  await ensureTableWithoutStream(dynamodb, `ctx-${suffix}`);
  await ensureBucket(s3, `ctx-${suffix}`);
  const counter = new RequestCounter();
  counter.attach(dynamodb, s3);
  const context = createPipelineContext(
    {
      tableName: `ctx-${suffix}`,
      bucketName: `ctx-${suffix}`,
      publicBaseUrl: 'https://news.example',
      site: { title: 'Test site', description: 'Articles under test.', language: 'en' },
    },
    { dynamodb, s3, partners: testPartners(), logger: new Logger({ logLevel: 'CRITICAL' }) },
  );
  return {
    context,
    counter,
    tableName: `ctx-${suffix}`,
    read: async (key) => {
      const output = await s3.send(new GetObjectCommand({ Bucket: `ctx-${suffix}`, Key: key }));
      return (await output.Body?.transformToString('utf-8')) ?? '';
    },
    stop: async () => {
      dynamodb.destroy();
      s3.destroy();
      await dropTable(`ctx-${suffix}`);
    },
  };
}

/** Stores a new article as ingest would (head, revision, orders, pending marker), without publishing it. */
export async function storeArticle(
  context: PipelineContext,
  index: number,
  publishedAt: string,
): Promise<Article> {
  const articleId = `a${String(index).padStart(20, '0')}`;
  const article = sampleArticle(
    { articleId, slug: `article-${index}`, externalId: `ext-${index}`, revision: 1, changeSeq: 1 },
    { title: `Article ${index}`, publishedAt, updatedAt: publishedAt },
  );
  await context.store.commitRevision(firstRevisionCommit(article));
  return article;
}
