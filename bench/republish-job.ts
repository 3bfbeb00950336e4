import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createRepublisherHandler } from '../functions/republisher/handler';
import { enableStream, ensureBucket, ensureTableWithoutStream } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { StreamPoller } from '../local/stream-poller';
import type { Article } from '../shared/domain/article';
import { createRepublishJobs } from '../shared/jobs/republish-jobs';
import { publishChanges } from '../shared/publish/publish-changes';
import type { PipelineContext } from '../shared/runtime/pipeline-context';
import { median } from '../tests/support/side-by-side';
import { benchArticle, storeBenchArticle } from './bench-article';
import { benchPipelineContext } from './bench-context';
import { type BenchEndpoints, inParallel, isEntryPoint, withBenchStack } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench` (and `npm run bench:republish`): a republish job of scope `all` over an archive
 * (10,000 articles from `bench:republish`, `BENCH_JOB_ARTICLES` to change it), stored straight into the table as ingest
 * commits them, run to the end through the table's stream and the republisher handler, as
 * `npm start` runs it. Reports the chunks' rendering rate (median), the chunk count, the objects
 * written, and, side by side in the same run, what one article costs the job against what it costs
 * the publisher when it arrives, and what one object costs the job beside a raw S3 PUT loop of
 * objects of the same size at the same concurrency.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PUBLISHES = 9;
/** `site-writes.ts` writes eight objects at a time. */
const WRITE_CONCURRENCY = 8;
/** Raw PUTs of the comparison: enough for a stable rate, whatever the archive. */
const RAW_PUTS = 500;
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

/** What the republish benchmark found. */
export interface RepublishResult {
  articles: number;
  /** Median over the chunks of articles of a chunk's time (render and writes) per object written. */
  perObjectMs: number;
  /** A raw PUT loop's time per object, objects of an article page's size, at the job's concurrency. */
  rawPutMs: number;
  markdown: string;
}

/** Runs a republish job of scope `all` over an archive of `articles` articles. */
export async function measureRepublish(
  endpoints: BenchEndpoints,
  articles: number,
): Promise<RepublishResult> {
  const name = `bench-job-${randomUUID().slice(0, 6)}`;
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: endpoints.s3, forcePathStyle: true });
  const chunks: ChunkLog[] = [];
  // The handler's own log line is the chunk report: read it as a log reader would.
  const logger = new Logger({ serviceName: 'bench', logLevel: 'CRITICAL' });
  logger.info = ((message: string, extra: ChunkLog) => {
    if (message === 'republish chunk') chunks.push(extra);
  }) as unknown as Logger['info'];
  let poller: StreamPoller | undefined;
  try {
    // The stream is turned on after the seeding: DynamoDB Local's writes slow down with every stream
    // record it holds (decision 0047), and the republisher reads none of the seeding's records.
    await ensureTableWithoutStream(dynamodb, name);
    await ensureBucket(s3, name);
    const context = benchPipelineContext(name, { dynamodb, s3, logger });
    console.log(`republish: seeding ${articles} articles...`);
    const seedStarted = performance.now();
    for (let start = 0; start < articles; start += SEED_CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(SEED_CONCURRENCY, articles - start) }, (_, offset) =>
          store(context, start + offset),
        ),
      );
      if ((start / SEED_CONCURRENCY) % 100 === 0) console.log(`  ${start}`);
    }
    const seedS = (performance.now() - seedStarted) / 1000;
    // No publisher runs: the seeded articles' pending markers stay, so chunks need not wait for them.
    poller = new StreamPoller({
      client: streams,
      streamArn: await enableStream(dynamodb, name),
      handler: createRepublisherHandler(context, { publisherPriorityMs: 0 }),
      logger,
    });
    await poller.start();

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
    for (let index = articles; index < articles + PUBLISHES; index++) {
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

    // The raw PUT loop: objects of the size of an article page the job wrote, into the same bucket.
    const page = await s3.send(
      new GetObjectCommand({ Bucket: name, Key: `articles/${article(0).slug}.html` }),
    );
    const pageBytes = Buffer.from((await page.Body?.transformToByteArray()) ?? []);
    const rawStarted = performance.now();
    await inParallel(Array.from({ length: RAW_PUTS }), WRITE_CONCURRENCY, (_, index) =>
      s3.send(new PutObjectCommand({ Bucket: name, Key: `raw/${index}.html`, Body: pageBytes })),
    );
    const rawPutMs = (performance.now() - rawStarted) / RAW_PUTS;
    const perObjectMs = median(
      articleChunks.filter((chunk) => chunk.written > 0).map((chunk) => chunk.renderMs / chunk.written),
    );
    const markdown = `## Republish job

\`bench/republish-job.ts\`: a job of scope \`all\` over ${articles.toLocaleString('en')} articles (three languages)
stored straight into the table, run to the end locally through the table's stream and the republisher
handler (DynamoDB Local and the local S3 server; a shared machine, so read rates and ratios, not
absolute times). Seeding took ${seedS.toFixed(0)} s.

| | |
| --- | --- |
| job, start to \`done\` | ${jobS.toFixed(0)} s (${(articles / jobS).toFixed(0)} articles/s including stream hops and feeds) |
| chunks | ${chunks.filter((chunk) => chunk.outcome !== 'idle').length} (${articleChunks.length} of articles, median ${median(articleChunks.map((chunk) => chunk.articles))} articles) |
| rendering rate, median of chunks | **${articlesPerSecond.toFixed(0)} articles/s** (${perArticleMs.toFixed(1)} ms per article: page, data, neighbours) |
| objects written | ${written.toLocaleString('en')} (pages and data of every article, ${job.total - articles} feeds × 3 formats, the index, the furniture) |
| publisher, one new article in the same archive | median ${publishMedian.toFixed(0)} ms over ${PUBLISHES} |
| ratio | an article costs the publisher **${(publishMedian / perArticleMs).toFixed(0)}×** what it costs a job (the publisher also renders its neighbours, its three feeds in three formats and the index) |
| per object written, median of chunks | **${perObjectMs.toFixed(2)} ms** (rendering and writing) |
| raw S3 PUT loop, per object | ${rawPutMs.toFixed(2)} ms (${RAW_PUTS} PUTs of a ${(pageBytes.length / 1024).toFixed(0)} KiB page, ${WRITE_CONCURRENCY} at a time) |
| job ÷ raw PUT, per object | **${(perObjectMs / rawPutMs).toFixed(1)}×** (target ≤ 2×) |
`;
    return { articles, perObjectMs, rawPutMs, markdown };
  } finally {
    await poller?.stop();
    await dynamodb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    dynamodb.destroy();
    streams.destroy();
    s3.destroy();
  }
}

if (isEntryPoint(import.meta.url)) {
  const articles = Number(process.env.BENCH_JOB_ARTICLES ?? 10_000);
  const result = await withBenchStack((endpoints) => measureRepublish(endpoints, articles));
  console.log(result.markdown);
  await writeBenchmarkSection('republish-job', result.markdown);
}
