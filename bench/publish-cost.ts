import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureBucket, ensureTableWithoutStream } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import type { PartnerRegistry } from '../shared/config/partner-registry';
import type { Article } from '../shared/domain/article';
import { DEFAULT_FEED_ARCHIVE_SIZE } from '../shared/domain/feed-archive';
import { ingestDelivery } from '../shared/ingest/ingest-delivery';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import { publishChanges } from '../shared/publish/publish-changes';
import type { PipelineContext } from '../shared/runtime/pipeline-context';
import { RequestCounter } from '../tests/support/request-counter';
import { median } from '../tests/support/side-by-side';
import { benchArticle, storeBenchArticle } from './bench-article';
import { benchPipelineContext } from './bench-context';
import type { PublishCostFigures } from './bench-figures';
import { BENCH_SECRET, benchPartners } from './bench-partner';
import { type BenchEndpoints, inParallel, isEntryPoint, withBenchStack } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * What publishing one article costs as the archive grows, and what one delivery costs to ingest.
 * Archives of different sizes are measured side by side, interleaved, in one run, and reported as
 * medians and ratios: absolute times on a shared machine mean little. Each publish is followed by
 * as many raw PUTs as it made, of objects of the same size, at the publisher's write concurrency:
 * the floor a publish cannot go below.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `site-writes.ts` writes eight objects at a time. */
const WRITE_CONCURRENCY = 8;
/** About the size of a benchmark article's page. */
const RAW_OBJECT = Buffer.alloc(20 * 1024, 'x');

interface Bench {
  context: PipelineContext;
  counter: RequestCounter;
  dynamodb: DynamoDBClient;
  s3: S3Client;
  bucket: string;
  next: number;
}

/** What the publish-cost benchmark found. */
export interface PublishCostResult {
  small: PublishCostFigures;
  large: PublishCostFigures;
  markdown: string;
}

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** The benchmark's article `index`. */
const article = (index: number): Article => benchArticle(index, { epoch: Date.UTC(2024, 0, 1) });
const store = (context: PipelineContext, index: number): Promise<Article> =>
  storeBenchArticle(context, article(index));

async function prepare(endpoints: BenchEndpoints, size: number, partners: PartnerRegistry): Promise<Bench> {
  const name = `bench-${size}-${randomUUID().slice(0, 6)}`;
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: endpoints.s3, forcePathStyle: true });
  // Publishing is called directly here: no stream is read, and its records would slow later stream reads.
  await ensureTableWithoutStream(dynamodb, name);
  await ensureBucket(s3, name);
  const counter = new RequestCounter();
  counter.attach(dynamodb, s3);
  const context = benchPipelineContext(name, { dynamodb, s3, partners });
  for (let start = 0; start < size; start += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, size - start) }, (_, offset) => store(context, start + offset)),
    );
  }
  await publishChanges([{ articleId: article(size - 1).articleId }], context);
  return { context, counter, dynamodb, s3, bucket: name, next: size };
}

/**
 * The requests of publishing one article of today whose partner's agreement lists it in the sitemaps
 * (`index`, canonical `self`): the dearer case, which the rounds' articles (dated 2024, their partner's
 * agreement the default) leave out. The third of three such publishes, so the sitemaps exist already.
 */
async function listedArticleRequests(bench: Bench): Promise<Record<string, number>> {
  const context = benchPipelineContext(bench.bucket, {
    dynamodb: bench.dynamodb,
    s3: bench.s3,
    partners: benchPartners({
      id: 'bench',
      name: 'Bench Outlet',
      agreement: { canonical: 'self', robots: 'index' },
    }),
  });
  for (let n = 0; n < 3; n++) {
    const index = bench.next++;
    // An hour old: inside the news sitemap's two days, and not under embargo.
    const added = await storeBenchArticle(
      context,
      benchArticle(index, { epoch: Date.now() - (index + 60) * 60_000 }),
    );
    bench.counter.reset();
    await publishChanges([{ articleId: added.articleId }], context);
  }
  return bench.counter.snapshot();
}

/** `count` raw PUTs into the bench's bucket, at the publisher's concurrency, in milliseconds. */
async function rawPuts(bench: Bench, count: number): Promise<number> {
  const started = performance.now();
  await inParallel(Array.from({ length: count }), WRITE_CONCURRENCY, (_, index) =>
    bench.s3.send(new PutObjectCommand({ Bucket: bench.bucket, Key: `raw/${index}.html`, Body: RAW_OBJECT })),
  );
  return performance.now() - started;
}

const sumOf = (counts: Record<string, number>, prefix: string) =>
  Object.entries(counts)
    .filter(([name]) => name.startsWith(prefix))
    .reduce((sum, [, n]) => sum + n, 0);
const requestTotal = (counts: Record<string, number>) => sumOf(counts, '');
const requestDetail = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, n]) => `${name.replace('Command', '')} ${n}`)
    .join(', ');

/**
 * Publishes one new article `rounds` times into archives of each of `archives` articles (smallest
 * first), interleaved, and returns the requests of a publish into the smallest and the largest.
 */
export async function measurePublishCost(
  endpoints: BenchEndpoints,
  archives: readonly number[],
  rounds = 15,
): Promise<PublishCostResult> {
  const partners = benchPartners();
  console.log(`publish cost: seeding archives of ${archives.join(', ')} articles...`);
  const benches = new Map<number, Bench>();
  for (const size of archives) benches.set(size, await prepare(endpoints, size, partners));

  const publishMs = new Map<number, number[]>(archives.map((size) => [size, []]));
  const rawMs = new Map<number, number[]>(archives.map((size) => [size, []]));
  const requests = new Map<number, Record<string, number>>();
  // RFC 5005 archive documents (decision 0044) each publish wrote: its feeds' open archives, and
  // sealed ones only when it sealed one.
  const archiveWrites = new Map<number, number[]>(archives.map((size) => [size, []]));
  for (let round = 0; round < rounds; round++) {
    // Interleaved, the order alternated, so every size sees the same machine load.
    for (const size of round % 2 ? [...archives].reverse() : archives) {
      const bench = benches.get(size) as Bench;
      const added = await store(bench.context, bench.next++);
      bench.counter.reset();
      const started = performance.now();
      const report = await publishChanges([{ articleId: added.articleId }], bench.context);
      publishMs.get(size)?.push(performance.now() - started);
      archiveWrites.get(size)?.push(report.written.filter((key) => key.includes('/archive/')).length);
      const counts = bench.counter.snapshot();
      requests.set(size, counts);
      rawMs.get(size)?.push(await rawPuts(bench, counts['s3.PutObjectCommand'] ?? 0));
    }
  }

  const listed = await listedArticleRequests(benches.get(archives[0] as number) as Bench);

  // Ingest: one signed delivery through the use case, end to end against DynamoDB Local.
  const smallest = archives[0] as number;
  const largest = archives[archives.length - 1] as number;
  const ingestBench = benches.get(smallest) as Bench;
  const ingestMs: number[] = [];
  for (let round = 0; round < rounds * 2; round++) {
    const body = JSON.stringify({
      type: 'article.published',
      timestamp: new Date().toISOString(),
      data: {
        externalId: `ingest-${round}`,
        url: `https://bench.example/ingest-${round}`,
        title: `Ingested article ${round}`,
        publishedAt: minutes(100_000 + round),
        contentHtml: `<p>${'Body text of an ingested article. '.repeat(60)}</p>`.repeat(10),
      },
    });
    const signed = signDelivery(BENCH_SECRET, body);
    const started = performance.now();
    await ingestDelivery(
      {
        partnerId: 'bench',
        contentType: 'application/json',
        headers: signed.headers,
        body: Buffer.from(body),
      },
      ingestBench.context,
    );
    ingestMs.push(performance.now() - started);
  }
  for (const bench of benches.values()) {
    // DynamoDB Local holds every table in its heap: the later benchmarks need the room.
    await bench.dynamodb.send(new DeleteTableCommand({ TableName: bench.bucket }));
    bench.dynamodb.destroy();
    bench.s3.destroy();
  }

  const figures = (size: number): PublishCostFigures => {
    const counts = requests.get(size) ?? {};
    return {
      archive: size,
      s3Puts: counts['s3.PutObjectCommand'] ?? 0,
      s3Requests: sumOf(counts, 's3.'),
      ddbRequests: sumOf(counts, 'dynamodb.'),
    };
  };
  const rows = archives
    .map((size) => {
      const counts = requests.get(size) ?? {};
      const publish = median(publishMs.get(size) ?? []);
      const raw = median(rawMs.get(size) ?? []);
      return `| ${size.toLocaleString('en')} articles | ${publish.toFixed(1)} ms | ${raw.toFixed(1)} ms | ${(publish / raw).toFixed(1)}× | ${requestTotal(counts)} (${requestDetail(counts)}) |`;
    })
    .join('\n');
  const smallMedian = median(publishMs.get(smallest) ?? []);
  const largeMedian = median(publishMs.get(largest) ?? []);
  // Each round publishes into every archive back to back: its ratio is measured side by side, so a
  // load that shifts between rounds moves both of its terms.
  const smallTimes = publishMs.get(smallest) ?? [];
  const pairedRatio = median(
    (publishMs.get(largest) ?? []).map((ms, round) => ms / (smallTimes[round] ?? ms)),
  );
  const small = figures(smallest);
  const large = figures(largest);
  const markdown = `## Publishing one article as the archive grows

\`bench/publish-cost.ts\`: ${rounds} publishes of one new (newest) article into each archive, interleaved, the
order alternated. Beside each publish, in the same round, as many raw PUTs as it made (objects of 20 KiB, ${WRITE_CONCURRENCY}
at a time as the publisher writes): what its writes alone would cost.

| archive | median publish | median raw PUTs | publish ÷ raw | requests per publish |
| --- | --- | --- | --- | --- |
${rows}

Ratio ${largest.toLocaleString('en')} / ${smallest.toLocaleString('en')}, the median of the ${rounds} rounds' own ratios: **${pairedRatio.toFixed(2)}×** for ${largest / smallest}× the archive
(target ≤ 1.05; the ratio of the two medians is ${(largeMedian / smallMedian).toFixed(2)}×). Requests per publish: ${small.s3Requests + small.ddbRequests} at ${smallest.toLocaleString('en')},
${large.s3Requests + large.ddbRequests} at ${largest.toLocaleString('en')} (target ≤ 30). A publish reads the neighbours and, for each feed, the
newest 50 and its RFC 5005 open archive (the entries after the newest sealed archive), never the older ones.

RFC 5005 archives are on (${DEFAULT_FEED_ARCHIVE_SIZE} articles each): archive objects written per publish, over the ${rounds} publishes:
${archives
  .map((size) => {
    const writes = [...(archiveWrites.get(size) ?? [])].sort((a, b) => a - b);
    return `median ${writes[Math.floor(writes.length / 2)] ?? 0}, most ${Math.max(0, ...writes)} at ${size.toLocaleString('en')}`;
  })
  .join('; ')}. A new article moves the 51st newest into each of its three feeds' open archive, which is
rewritten (3 objects per feed, 9 in all) and no sealed archive; the one publish in ${DEFAULT_FEED_ARCHIVE_SIZE} that seals the open
archive also writes the empty one after it (6 per feed). Per feed a publish reads the newest
50 + ${DEFAULT_FEED_ARCHIVE_SIZE} + 1 entries in one query, keeps those after the newest seal (which the feed list indexes, decision 0051),
and reads their articles in the one BatchGet of every head the publish shows.

The rounds' articles are dated 2024 and their partner's agreement is the default (canonical at the
original), so they are in no sitemap. An article of today listed in the sitemaps (agreement
\`index\`, canonical \`self\`) also writes its sitemap entry, the open sitemap shard, the sitemap index
and the news sitemap: ${requestTotal(listed)} requests into the ${smallest.toLocaleString('en')}-article archive (${requestDetail(listed)}).

## Ingesting one delivery

${rounds * 2} signed deliveries of a ~20 KB HTML article through the ingest use case (verify, validate, clean,
attribute, one transaction), one at a time: median **${median(ingestMs).toFixed(1)} ms**,
${(smallMedian / median(ingestMs)).toFixed(0)}× less than publishing one article into the ${smallest}-article archive in the same run.
`;
  return { small, large, markdown };
}

if (isEntryPoint(import.meta.url)) {
  // `npx tsx bench/publish-cost.ts 100 1000 10000`: the archive sizes, smallest first (100 and 2,000 by default).
  const sizes = process.argv.slice(2).map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1))
    throw new Error('usage: npx tsx bench/publish-cost.ts [archive size ...], whole numbers, smallest first');
  const archives = sizes.length > 0 ? sizes : [100, 2_000];
  const result = await withBenchStack((endpoints) => measurePublishCost(endpoints, archives));
  await writeBenchmarkSection('publish-cost', result.markdown);
  console.log(result.markdown);
}
