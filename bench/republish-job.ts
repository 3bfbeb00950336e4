import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { createRepublisherHandler } from '../functions/republisher/handler';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { startS3Server } from '../local/emulators/s3-server';
import { ensureBucket, ensureTable } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { StreamPoller } from '../local/stream-poller';
import { PartnerRegistry } from '../shared/config/partner-registry';
import type { Article } from '../shared/domain/article';
import { createRepublishJobs } from '../shared/jobs/republish-jobs';
import { publishChanges } from '../shared/publish/publish-changes';
import { createPipelineContext, type PipelineContext } from '../shared/runtime/pipeline-context';
import { median } from '../tests/support/side-by-side';
import { benchArticle, storeBenchArticle } from './bench-article';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench` (and `npm run bench:republish`): a republish job of scope `all` over an archive
 * of 10,000 articles (`BENCH_JOB_ARTICLES` to change it), stored straight into the table as ingest
 * commits them, run to the end through the table's stream and the republisher handler, as
 * `npm start` runs it. Reports the chunks' rendering rate (median), the chunk count, the objects
 * written, and, side by side in the same run, what one article costs the job against what it costs
 * the publisher when it arrives.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ARTICLES = Number(process.env.BENCH_JOB_ARTICLES ?? 10_000);
const PUBLISHES = 9;
const SEED_CONCURRENCY = 16;

/** The benchmark's article `index`. */
const article = (index: number): Article =>
  benchArticle(index, { epoch: Date.UTC(2020, 0, 1), language: ['en', 'fr', 'ar'][index % 3] as string });
const store = (context: PipelineContext, index: number): Promise<Article> =>
  storeBenchArticle(context, article(index));

interface ChunkLog {
  outcome: string;
  articles: number;
  feeds: number;
  written: number;
  renderMs: number;
}

async function main(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-bench-job-'));
  const [dynamodbLocal, s3Server] = await Promise.all([startDynamoDbLocal(), startS3Server({ directory })]);
  const name = `bench-job-${randomUUID().slice(0, 6)}`;
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: s3Server.endpoint, forcePathStyle: true });
  const chunks: ChunkLog[] = [];
  // The handler's own log line is the chunk report: read it as a log reader would.
  const logger = new Logger({ serviceName: 'bench', logLevel: 'CRITICAL' });
  logger.info = ((message: string, extra: ChunkLog) => {
    if (message === 'republish chunk') chunks.push(extra);
  }) as unknown as Logger['info'];
  let poller: StreamPoller | undefined;
  try {
    const streamArn = await ensureTable(dynamodb, name);
    await ensureBucket(s3, name);
    const context = createPipelineContext(
      {
        tableName: name,
        bucketName: name,
        publicBaseUrl: 'https://news.example',
        site: { title: 'Bench', description: 'Bench', language: 'en' },
      },
      {
        dynamodb,
        s3,
        logger,
        partners: PartnerRegistry.parse({
          partners: [
            {
              id: 'bench',
              name: 'Bench Outlet',
              secrets: ['whsec_YmVuY2htYXJrLW9ubHk6bm90LWEtc2VjcmV0LWtleS1hdC1hbGw='],
              dateWindow: { pastDays: 36_500 },
            },
          ],
        }),
      },
    );
    // Started first, so it reads the seeding's records while they are written, as a mapping would.
    // No publisher runs: the seeded articles' pending markers stay, so chunks need not wait for them.
    poller = new StreamPoller({
      client: streams,
      streamArn,
      handler: createRepublisherHandler(context, { publisherPriorityMs: 0 }),
      logger,
    });
    await poller.start();

    console.log(`seeding ${ARTICLES} articles...`);
    const seedStarted = performance.now();
    for (let start = 0; start < ARTICLES; start += SEED_CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(SEED_CONCURRENCY, ARTICLES - start) }, (_, offset) =>
          store(context, start + offset),
        ),
      );
      if ((start / SEED_CONCURRENCY) % 100 === 0) console.log(`  ${start}`);
    }
    const seedS = (performance.now() - seedStarted) / 1000;

    console.log('running the job...');
    const jobs = createRepublishJobs(context);
    const jobStarted = performance.now();
    const { jobId } = await jobs.startRepublish({ kind: 'all' }, { id: 'bench' });
    let job = await jobs.getJob(jobId);
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await jobs.getJob(jobId);
      console.log(`  ${job.done} / ${job.total}`);
    }
    const jobS = (performance.now() - jobStarted) / 1000;
    if (job.state !== 'done' || job.done !== job.total) throw new Error(`job ended ${JSON.stringify(job)}`);

    // The publisher's cost of one new article in the same archive, measured right after.
    const publishMs: number[] = [];
    for (let index = ARTICLES; index < ARTICLES + PUBLISHES; index++) {
      const added = await store(context, index);
      const started = performance.now();
      await publishChanges([{ articleId: added.articleId }], context);
      publishMs.push(performance.now() - started);
    }

    const articleChunks = chunks.filter((chunk) => chunk.articles > 0 && chunk.renderMs > 0);
    const perArticleMs = median(articleChunks.map((chunk) => chunk.renderMs / chunk.articles));
    const articlesPerSecond = median(articleChunks.map((chunk) => (chunk.articles * 1000) / chunk.renderMs));
    const written = chunks.reduce((sum, chunk) => sum + chunk.written, 0);
    const publishMedian = median(publishMs);
    const report = `## Republish job

\`bench/republish-job.ts\`: a job of scope \`all\` over ${ARTICLES.toLocaleString('en')} articles (three languages)
stored straight into the table, run to the end locally through the table's stream and the republisher
handler (DynamoDB Local and the local S3 server; a shared machine, so read rates and ratios, not
absolute times). Seeding took ${seedS.toFixed(0)} s.

| | |
| --- | --- |
| job, start to \`done\` | ${jobS.toFixed(0)} s (${(ARTICLES / jobS).toFixed(0)} articles/s including stream hops and feeds) |
| chunks | ${chunks.filter((chunk) => chunk.outcome !== 'idle').length} (${articleChunks.length} of articles, median ${median(articleChunks.map((chunk) => chunk.articles))} articles) |
| rendering rate, median of chunks | **${articlesPerSecond.toFixed(0)} articles/s** (${perArticleMs.toFixed(1)} ms per article: page, data, neighbours) |
| objects written | ${written.toLocaleString('en')} (pages and data of every article, ${job.total - ARTICLES} feeds × 3 formats, the index, the furniture) |
| publisher, one new article in the same archive | median ${publishMedian.toFixed(0)} ms over ${PUBLISHES} |
| ratio | an article costs the publisher **${(publishMedian / perArticleMs).toFixed(0)}×** what it costs a job (the publisher also renders its neighbours, its three feeds in three formats and the index) |
`;
    console.log(report);
    await writeBenchmarkSection('republish-job', report);
  } finally {
    await poller?.stop();
    dynamodb.destroy();
    streams.destroy();
    s3.destroy();
    await Promise.all([dynamodbLocal.stop(), s3Server.stop()]);
    await rm(directory, { recursive: true, force: true });
  }
}

await main();
