import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ensureTableWithoutStream } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import { benchDeliveryBody } from './bench-delivery';
import { startBenchPipeline } from './bench-local-pipeline';
import { BENCH_SECRET } from './bench-partner';
import { type BenchEndpoints, inParallel, isEntryPoint, percentile, withBenchStack } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * A burst of signed deliveries over HTTP to the local pipeline (`startLocalPipeline`, what
 * `npm start` runs: the HTTP server, the ingest handler, the publisher on the table's stream),
 * beside raw `PutItem`s of items of the same size, at the same concurrency, on the same DynamoDB
 * Local in the same run; then the time from the burst's last `202` until `/healthz` counts nothing
 * pending and every feed the burst touched shows its newest article.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The feeds every delivery of the burst lands in: the site's, the partner's, the language's. */
const FEEDS = ['feeds/feed.json', 'feeds/partners/bench/feed.json', 'feeds/languages/en/feed.json'];
const FRESHNESS_TIMEOUT_MS = 15 * 60_000;

/** CPU time spent, in ms: by this process (the pipeline and the partners' client) and by DynamoDB Local. */
interface CpuSpent {
  processMs: number;
  /** Absent where the emulator's CPU time cannot be read (`/proc` is Linux's). */
  dynamodbMs?: number;
}

/** Clock ticks of `/proc/<pid>/stat` (`USER_HZ`): 100 on every Linux the project runs on. */
const TICK_MS = 10;

function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * TICK_MS : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work` and tells the CPU time it took on each side, the emulator's from its process id. */
async function withCpu<T>(dynamodbPid: number | undefined, work: () => Promise<T>): Promise<[T, CpuSpent]> {
  const dynamodbBefore = processCpuMs(dynamodbPid);
  const before = process.cpuUsage();
  const result = await work();
  const spent = process.cpuUsage(before);
  const dynamodbAfter = processCpuMs(dynamodbPid);
  return [
    result,
    {
      processMs: (spent.user + spent.system) / 1000,
      ...(dynamodbBefore !== undefined && dynamodbAfter !== undefined
        ? { dynamodbMs: dynamodbAfter - dynamodbBefore }
        : {}),
    },
  ];
}

function perItem(spent: CpuSpent, count: number): { processMs: number; dynamodbMs?: number } {
  return {
    processMs: spent.processMs / count,
    ...(spent.dynamodbMs === undefined ? {} : { dynamodbMs: spent.dynamodbMs / count }),
  };
}

/** What the burst found, and its section. */
export interface IngestResult {
  ingest: {
    deliveries: number;
    concurrency: number;
    perSecond: number;
    rawPutPerSecond: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
  };
  freshnessMs: number;
  markdown: string;
}

/**
 * Raw `PutItem`s of `count` items of `bytes` each, `concurrency` at a time: per second, and the CPU
 * they took on each side (the table's creation and deletion left out).
 */
async function rawPutItems(
  dynamodb: DynamoDBClient,
  dynamodbPid: number | undefined,
  shape: { count: number; concurrency: number; bytes: number },
): Promise<{ perSecond: number; cpu: CpuSpent }> {
  const table = `bench-raw-${randomUUID().slice(0, 6)}`;
  // The same keys and indexes, without the stream: its records would slow the pipeline's stream reads after.
  await ensureTableWithoutStream(dynamodb, table);
  const payload = 'x'.repeat(shape.bytes);
  const started = performance.now();
  const [, cpu] = await withCpu(dynamodbPid, () =>
    inParallel(Array.from({ length: shape.count }), shape.concurrency, (_, index) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: `RAW#${index}` }, sk: { S: 'ITEM' }, body: { S: payload } },
        }),
      ),
    ),
  );
  const perSecond = (shape.count * 1000) / (performance.now() - started);
  await dynamodb.send(new DeleteTableCommand({ TableName: table }));
  return { perSecond, cpu };
}

/**
 * The CPU each side spent per delivery and per raw `PutItem`, and the DynamoDB requests per
 * delivery: on a machine of two cores, where the benchmark process and DynamoDB Local share them,
 * throughput follows CPU per item, so their ratio bounds what ingest ÷ raw `PutItem` can reach.
 */
function whereTheTimeGoes(
  delivery: { processMs: number; dynamodbMs?: number },
  rawPut: { processMs: number; dynamodbMs?: number },
  requests: ReadonlyMap<string, number>,
  deliveries: number,
): string {
  const perDelivery = [...requests]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${(count / deliveries).toFixed(2)}`)
    .join(', ');
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} ms`);
  const total = (side: { processMs: number; dynamodbMs?: number }) =>
    side.dynamodbMs === undefined ? undefined : side.processMs + side.dynamodbMs;
  const deliveryTotal = total(delivery);
  const rawTotal = total(rawPut);
  const bound =
    deliveryTotal !== undefined && rawTotal !== undefined
      ? `\n\nWith both sides busy on the machine's cores, throughput follows CPU per item: at these costs ingest can reach at most
about **${(rawTotal / deliveryTotal).toFixed(2)}×** raw \`PutItem\` (${ms(rawTotal)} ÷ ${ms(deliveryTotal)}), whatever the concurrency.`
      : '';
  return `Where the time goes, CPU per item in the same run (the benchmark process holds the pipeline, its publisher and the
partners' client; DynamoDB Local is its own Java process):

| per | benchmark process | DynamoDB Local | DynamoDB requests |
| --- | --- | --- | --- |
| delivery | ${ms(delivery.processMs)} | ${ms(delivery.dynamodbMs)} | ${perDelivery} (the publisher's among them) |
| raw \`PutItem\` | ${ms(rawPut.processMs)} | ${ms(rawPut.dynamodbMs)} | PutItem 1 |${bound}
`;
}

/**
 * The least time the burst's work could take on this machine's cores, from the CPU both sides spent
 * accepting and publishing it: what is left of freshness once the work itself is paid for.
 */
function freshnessFloor(burst: CpuSpent, drain: CpuSpent, burstMs: number, freshnessMs: number): string {
  if (burst.dynamodbMs === undefined || drain.dynamodbMs === undefined) return '';
  const cores = availableParallelism();
  const cpuMs = burst.processMs + burst.dynamodbMs + drain.processMs + drain.dynamodbMs;
  const floorMs = cpuMs / cores;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `
From the first delivery until the last was live took ${s(burstMs + freshnessMs)}. In that time this process and DynamoDB
Local spent ${s(cpuMs)} of CPU (${s(burst.processMs + drain.processMs)} and ${s(burst.dynamodbMs + drain.dynamodbMs)}): on ${cores} cores no
schedule does that work in less than **${s(floorMs)}**, ${s(Math.max(0, floorMs - burstMs))} after the last \`202\` at this
burst's pace, against the ${s(freshnessMs)} measured.
`;
}

/** `deliveries` signed deliveries, `concurrency` at a time, then waits until all of them are live. */
export async function measureIngest(
  endpoints: BenchEndpoints,
  deliveries: number,
  concurrency: number,
): Promise<IngestResult> {
  const { pipeline, name } = await startBenchPipeline(endpoints, 'ingest');
  const rawClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
  try {
    // Published a second apart, the last newest: the feeds are current when they lead with it.
    const epoch = Date.now() - deliveries * 1000 - 60_000;
    const bodies = Array.from({ length: deliveries }, (_, index) =>
      benchDeliveryBody(index, new Date(epoch + index * 1000), 'burst'),
    );
    const bodyBytes = Buffer.byteLength(bodies[0] ?? '');

    console.log(`ingest: ${deliveries} raw PutItems of ${bodyBytes} bytes, ${concurrency} at a time...`);
    const raw = await rawPutItems(rawClient, endpoints.dynamodbPid, {
      count: deliveries,
      concurrency,
      bytes: bodyBytes,
    });
    const rawPutPerSecond = raw.perSecond;

    console.log(`ingest: ${deliveries} signed deliveries over HTTP, ${concurrency} at a time...`);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let lastAcceptedAt = 0;
    // Every DynamoDB request the pipeline makes during the burst, the publisher's included, by kind.
    const requests = new Map<string, number>();
    let counting = true;
    pipeline.clients.dynamodb.middlewareStack.add(
      (next, context) => (args) => {
        const kind = context.commandName?.replace(/Command$/, '') ?? 'unknown';
        if (counting) requests.set(kind, (requests.get(kind) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCount' },
    );
    const started = performance.now();
    const [, burstCpu] = await withCpu(endpoints.dynamodbPid, () =>
      inParallel(bodies, concurrency, async (body) => {
        const signed = signDelivery(BENCH_SECRET, body);
        const sent = performance.now();
        const response = await fetch(`${pipeline.url}/v1/partners/bench/articles`, {
          method: 'POST',
          headers: signed.headers,
          body,
        });
        await response.arrayBuffer();
        const answered = performance.now();
        latencies.push(answered - sent);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 202) lastAcceptedAt = Math.max(lastAcceptedAt, answered);
      }),
    );
    const burstMs = performance.now() - started;
    counting = false;
    const accepted = statuses.get(202) ?? 0;
    if (accepted !== deliveries)
      throw new Error(`the burst was not all accepted: ${JSON.stringify(Object.fromEntries(statuses))}`);

    const newest = `https://bench.example/burst/${deliveries - 1}`;
    const isCurrent = async (key: string) => {
      try {
        const object = await pipeline.clients.s3.send(new GetObjectCommand({ Bucket: name, Key: key }));
        const feed = JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as {
          items?: { external_url?: string }[];
        };
        return feed.items?.[0]?.external_url === newest;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + FRESHNESS_TIMEOUT_MS;
    const [, drainCpu] = await withCpu(endpoints.dynamodbPid, async () => {
      for (;;) {
        const health = (await (await fetch(`${pipeline.url}/healthz`)).json()) as {
          pendingPublishes?: number;
        };
        if (health.pendingPublishes === 0 && (await Promise.all(FEEDS.map(isCurrent))).every(Boolean)) break;
        if (Date.now() > deadline) throw new Error('the burst was not live within 15 minutes');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const freshnessMs = performance.now() - lastAcceptedAt;

    const ingest = {
      deliveries,
      concurrency,
      perSecond: (accepted * 1000) / burstMs,
      rawPutPerSecond,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      p99Ms: percentile(latencies, 0.99),
    };
    const markdown = `## Ingesting a burst, and how soon it is live

\`bench/ingest-burst.ts\`: ${deliveries.toLocaleString('en')} signed deliveries (${(bodyBytes / 1024).toFixed(0)} KiB of JSON, about 20 KB of HTML each) over HTTP
to the local pipeline (the HTTP server, the ingest handler, the publisher on the table's stream, as \`npm start\`
runs them), ${concurrency} at a time; beside them, just before, in the same run, ${deliveries.toLocaleString('en')} raw \`PutItem\`s of items of
the same size at the same concurrency on the same DynamoDB Local.

| | |
| --- | --- |
| accepted | ${accepted} \`202\` in ${(burstMs / 1000).toFixed(1)} s |
| throughput | **${ingest.perSecond.toFixed(1)} per second** |
| latency | p50 ${ingest.p50Ms.toFixed(0)} ms, p95 ${ingest.p95Ms.toFixed(0)} ms, p99 ${ingest.p99Ms.toFixed(0)} ms |
| raw \`PutItem\` | ${rawPutPerSecond.toFixed(1)} per second |
| ingest ÷ raw \`PutItem\` | **${(ingest.perSecond / rawPutPerSecond).toFixed(2)}×** (target ≥ 0.5×) |
| freshness | **${(freshnessMs / 1000).toFixed(1)} s** from the last \`202\` until \`/healthz\` counts nothing pending and the site's, the partner's and the language's feeds lead with the newest article (target ≤ 5 s for 1,000) |

${whereTheTimeGoes(perItem(burstCpu, deliveries), perItem(raw.cpu, deliveries), requests, deliveries)}
${freshnessFloor(burstCpu, drainCpu, burstMs, freshnessMs)}`;
    return { ingest, freshnessMs, markdown };
  } finally {
    await pipeline.stop();
    await rawClient.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    rawClient.destroy();
  }
}

if (isEntryPoint(import.meta.url)) {
  // `tsx bench/ingest-burst.ts [deliveries] [concurrency]`: the burst alone, 200 at 20 unless told.
  const [deliveries = 200, concurrency = 20] = process.argv.slice(2).map(Number);
  const result = await withBenchStack((endpoints) => measureIngest(endpoints, deliveries, concurrency));
  await writeBenchmarkSection('ingest-burst', result.markdown);
  console.log(result.markdown);
}
