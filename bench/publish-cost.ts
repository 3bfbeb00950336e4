import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { startS3Server } from '../local/emulators/s3-server';
import { ensureBucket, ensureTable } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { PartnerRegistry } from '../shared/config/partner-registry';
import type { Article } from '../shared/domain/article';
import { ingestDelivery } from '../shared/ingest/ingest-delivery';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import { publishChanges } from '../shared/publish/publish-changes';
import { createPipelineContext, type PipelineContext } from '../shared/runtime/pipeline-context';
import { RequestCounter } from '../tests/support/request-counter';
import { median } from '../tests/support/side-by-side';
import { benchArticle, storeBenchArticle } from './bench-article';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench`: what publishing one article costs as the archive grows, and what one delivery
 * costs to ingest. Archives of different sizes are measured side by side, interleaved, in one run,
 * and reported as medians and ratios: absolute times on a shared machine mean little.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SIZES = [100, 2000] as const;
const ROUNDS = 15;
const SECRET = 'whsec_YmVuY2htYXJrLW9ubHk6bm90LWEtc2VjcmV0LWtleS1hdC1hbGw=';

interface Bench {
  context: PipelineContext;
  counter: RequestCounter;
  next: number;
}

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** The benchmark's article `index`. */
const article = (index: number): Article => benchArticle(index, { epoch: Date.UTC(2024, 0, 1) });
const store = (context: PipelineContext, index: number): Promise<Article> =>
  storeBenchArticle(context, article(index));

async function prepare(
  dynamodbEndpoint: string,
  s3Endpoint: string,
  size: number,
  partners: PartnerRegistry,
): Promise<Bench> {
  const name = `bench-${size}-${randomUUID().slice(0, 6)}`;
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: s3Endpoint, forcePathStyle: true });
  await ensureTable(dynamodb, name);
  await ensureBucket(s3, name);
  const counter = new RequestCounter();
  counter.attach(dynamodb, s3);
  const context = createPipelineContext(
    {
      tableName: name,
      bucketName: name,
      publicBaseUrl: 'https://news.example',
      site: { title: 'Bench', description: 'Bench', language: 'en' },
    },
    { dynamodb, s3, partners, logger: new Logger({ logLevel: 'CRITICAL' }) },
  );
  for (let start = 0; start < size; start += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, size - start) }, (_, offset) => store(context, start + offset)),
    );
  }
  await publishChanges([{ articleId: article(size - 1).articleId }], context);
  return { context, counter, next: size };
}

async function main(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-bench-'));
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3Server({ directory })]);
  const partners = PartnerRegistry.parse({
    partners: [
      {
        id: 'bench',
        name: 'Bench Outlet',
        secrets: [SECRET],
        rateLimit: { perMinute: 1_000_000 },
        // The bench's articles are dated 2024: a backfill, beyond the default 30 days.
        dateWindow: { pastDays: 36_500 },
      },
    ],
  });
  try {
    console.log(`seeding archives of ${SIZES.join(' and ')} articles...`);
    const benches = new Map<number, Bench>();
    for (const size of SIZES)
      benches.set(size, await prepare(dynamodb.endpoint, s3.endpoint, size, partners));

    const publishMs = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    const requestsPerPublish = new Map<number, string>();
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so both sizes see the same machine load.
      for (const size of round % 2 ? [...SIZES].reverse() : SIZES) {
        const bench = benches.get(size) as Bench;
        const added = await store(bench.context, bench.next++);
        bench.counter.reset();
        const started = performance.now();
        await publishChanges([{ articleId: added.articleId }], bench.context);
        publishMs.get(size)?.push(performance.now() - started);
        const requests = Object.entries(bench.counter.snapshot());
        const total = requests.reduce((sum, [, n]) => sum + n, 0);
        requestsPerPublish.set(size, `${total} (${requests.map(([k, v]) => `${k} ${v}`).join(', ')})`);
      }
    }

    // Ingest: one signed delivery through the use case, end to end against DynamoDB Local.
    const ingestBench = benches.get(SIZES[0]) as Bench;
    const ingestMs: number[] = [];
    for (let round = 0; round < ROUNDS * 2; round++) {
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
      const signed = signDelivery(SECRET, body);
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

    const [small, large] = SIZES;
    const smallMedian = median(publishMs.get(small) ?? []);
    const largeMedian = median(publishMs.get(large) ?? []);
    const report = `# Benchmarks

Written by \`npm run bench\` (\`bench/publish-cost.ts\`) on ${new Date().toISOString().slice(0, 10)}, against DynamoDB Local
and the local S3 server on this machine (${process.platform}, Node ${process.version}). Machines are shared and noisy:
read the medians and the ratio, measured side by side and interleaved in one run, not the absolute times.

## Publishing one article as the archive grows

${ROUNDS} publishes of one new (newest) article into each archive, alternating between the two.

| archive | median publish | requests per publish |
| --- | --- | --- |
| ${small} articles | ${smallMedian.toFixed(1)} ms | ${requestsPerPublish.get(small)} |
| ${large} articles | ${largeMedian.toFixed(1)} ms | ${requestsPerPublish.get(large)} |

Ratio ${large} / ${small}: **${(largeMedian / smallMedian).toFixed(2)}×** for ${large / small}× the archive. The request
counts are equal by construction (and asserted in \`tests/integration/publisher.test.ts\`): a publish reads the
neighbours and the newest 50 of each feed, never the archive.

## Ingesting one delivery

${ROUNDS * 2} signed deliveries of a ~20 KB HTML article through the ingest use case (verify, validate, clean,
attribute, one transaction): median **${median(ingestMs).toFixed(1)} ms**, ${(smallMedian / median(ingestMs)).toFixed(0)}× less than
publishing one article into the ${small}-article archive in the same run. The partner's answer waits only for the ingest;
publishing follows from the stream.
`;
    await writeBenchmarkSection('publish-cost', report);
    console.log(report);
  } finally {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    await rm(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
