import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { createPublisherHandler } from '../../functions/publisher/handler';
import { createRepublisherHandler, type RepublisherOptions } from '../../functions/republisher/handler';
import { ensureBucket, ensureTable } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { StreamPoller } from '../../local/stream-poller';
import type { Article, Visibility } from '../../shared/domain/article';
import type { EditorIdentity } from '../../shared/domain/editorial';
import type { JobView, RepublishScope } from '../../shared/jobs/republish-job';
import { createRepublishJobs } from '../../shared/jobs/republish-jobs';
import type { PutOutcome, SiteBucket, SiteObject } from '../../shared/ports/site-bucket';
import { createPipelineContext, type PipelineContext } from '../../shared/runtime/pipeline-context';
import { dropTable } from './drop-table';
import { firstRevisionCommit } from './first-revision';
import { sampleArticle } from './sample-article';
import { testPartners } from './test-partners';

/** The editor tests start jobs as. */
export const TEST_EDITOR: EditorIdentity = { id: 'test-editor' };

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<void>;

/** A site bucket that remembers, per key, every put asked of it and every one that wrote. */
export class CountingBucket implements SiteBucket {
  readonly calls = new Map<string, number>();
  readonly writes = new Map<string, number>();
  readonly deletes = new Map<string, number>();

  constructor(readonly inner: SiteBucket) {}

  async put(object: SiteObject): Promise<PutOutcome> {
    this.calls.set(object.key, (this.calls.get(object.key) ?? 0) + 1);
    const outcome = await this.inner.put(object);
    if (outcome === 'written') this.writes.set(object.key, (this.writes.get(object.key) ?? 0) + 1);
    return outcome;
  }

  async delete(key: string): Promise<void> {
    this.deletes.set(key, (this.deletes.get(key) ?? 0) + 1);
    await this.inner.delete(key);
  }

  reset(): void {
    this.calls.clear();
    this.writes.clear();
    this.deletes.clear();
  }
}

/**
 * A worker that dies: after `puts` puts every put throws, until `revive()`; what it lets through
 * reaches the bucket it wraps.
 */
export class DyingBucket implements SiteBucket {
  #count = 0;
  #alive = true;
  died = false;

  constructor(
    readonly inner: SiteBucket,
    readonly puts: number,
  ) {}

  async put(object: SiteObject): Promise<PutOutcome> {
    if (!this.#alive || ++this.#count > this.puts) {
      this.#alive = false;
      this.died = true;
      throw new Error('the worker died');
    }
    return this.inner.put(object);
  }

  delete(key: string): Promise<void> {
    if (!this.#alive) return Promise.reject(new Error('the worker died'));
    return this.inner.delete(key);
  }

  /** The next invocation runs in a healthy worker that never dies. */
  revive(): void {
    this.#alive = true;
    this.#count = Number.NEGATIVE_INFINITY;
  }
}

/** How a job stack runs. */
export interface JobStackOptions {
  /** Run the publisher on the stream too (it renders stored articles and deliveries). Default true. */
  publisher?: boolean;
  /** The republisher's context; the pipeline's own (with a counting bucket) when absent. */
  republisherContext?: (context: PipelineContext) => PipelineContext;
  /** Wraps the republisher's handler, e.g. to revive a dead worker after its invocation failed. */
  wrapRepublisher?: (handler: StreamHandler) => StreamHandler;
  republisher?: RepublisherOptions;
}

/**
 * The use cases on the run's emulators with the table's stream polled, as `npm start` and Lambda do,
 * by the publisher and the republisher (each its own poller), and no HTTP server. Every object the
 * pipeline writes goes through {@link CountingBucket} `counting`.
 */
export class JobStack {
  private constructor(
    readonly context: PipelineContext,
    readonly counting: CountingBucket,
    readonly bucketName: string,
    private readonly s3: S3Client,
    private readonly clients: { destroy(): void }[],
    private readonly pollers: StreamPoller[],
  ) {}

  static async start(options: JobStackOptions = {}): Promise<JobStack> {
    const suffix = randomUUID().slice(0, 8);
    const name = `jobs-${suffix}`;
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
    const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
    const s3 = new S3Client({ ...LOCAL_AWS, endpoint: inject('s3Endpoint'), forcePathStyle: true });
    const streamArn = await ensureTable(dynamodb, name);
    await ensureBucket(s3, name);
    const logger = new Logger({ serviceName: 'jobs-test', logLevel: 'CRITICAL' });
    const base = createPipelineContext(
      {
        tableName: name,
        bucketName: name,
        publicBaseUrl: 'https://news.example',
        site: { title: 'Test site', description: 'Articles under test.', language: 'en' },
      },
      { dynamodb, s3, partners: testPartners(), logger },
    );
    const counting = new CountingBucket(base.bucket);
    const context: PipelineContext = { ...base, bucket: counting };
    const pollers: StreamPoller[] = [];
    if (options.publisher !== false)
      pollers.push(
        new StreamPoller({ client: streams, streamArn, handler: createPublisherHandler(context), logger }),
      );
    // The republisher's context is built at each invocation, so a test may change the site between them.
    const republisher: StreamHandler = (event) =>
      createRepublisherHandler(options.republisherContext?.(context) ?? context, options.republisher)(event);
    pollers.push(
      new StreamPoller({
        client: streams,
        streamArn,
        handler: options.wrapRepublisher?.(republisher) ?? republisher,
        logger,
      }),
    );
    for (const poller of pollers) await poller.start();
    return new JobStack(context, counting, name, s3, [dynamodb, streams, s3], pollers);
  }

  /** The editor's job use cases on this stack. */
  get jobs() {
    return createRepublishJobs(this.context);
  }

  start(scope: RepublishScope): Promise<JobView> {
    return this.jobs.startRepublish(scope, TEST_EDITOR);
  }

  /** Polls the job until it is no longer running. */
  async finished(jobId: string, timeoutMs = 120_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.jobs.getJob(jobId);
      if (job.state !== 'running') return job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still running: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until the publisher has rendered every accepted change. */
  async published(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.context.store.countPendingPublishes()) > 0) {
      if (Date.now() > deadline) throw new Error('changes were not published in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A stored object's body, or `undefined` when there is none. */
  async read(key: string): Promise<string | undefined> {
    try {
      const output = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
      return (await output.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async objectKeys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucketName, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  }

  async stop(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
    for (const client of this.clients) client.destroy();
    // Table and bucket share the stack's name.
    await dropTable(this.bucketName);
  }
}

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** What {@link seedArticles} stores. */
export interface SeedOptions {
  from?: number;
  count: number;
  partnerId?: string;
  language?: string;
  visibility?: Visibility;
}

/**
 * Stores articles straight into the table as ingest commits them (head, revision, orders, pending
 * marker), eight at a time, a minute apart, numbered from `from`.
 */
export async function seedArticles(context: PipelineContext, options: SeedOptions): Promise<Article[]> {
  const { from = 0, count, partnerId = 'almadar', language = 'en', visibility = 'public' } = options;
  const stored: Article[] = [];
  for (let start = from; start < from + count; start += 8) {
    const batch = Array.from({ length: Math.min(8, from + count - start) }, (_, offset) => start + offset);
    stored.push(
      ...(await Promise.all(batch.map((index) => storeOne(context, index, partnerId, language, visibility)))),
    );
  }
  return stored;
}

async function storeOne(
  context: PipelineContext,
  index: number,
  partnerId: string,
  language: string,
  visibility: Visibility,
): Promise<Article> {
  const articleId = `a${String(index).padStart(20, '0')}`;
  const publishedAt = minutes(index);
  const base = sampleArticle(
    {
      articleId,
      partnerId,
      slug: `article-${index}`,
      externalId: `ext-${index}`,
      revision: 1,
      changeSeq: 1,
      visibility,
    },
    { title: `Article ${index}`, publishedAt, updatedAt: publishedAt, language, direction: 'ltr' },
  );
  const article: Article = {
    ...base,
    content: {
      ...base.content,
      attribution: {
        ...base.content.attribution,
        deliveredBy: { ...base.content.attribution.deliveredBy, partnerId },
      },
    },
  };
  await context.store.commitRevision(firstRevisionCommit(article));
  return article;
}
