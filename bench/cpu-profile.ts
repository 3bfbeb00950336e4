import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { ensureBucket, ensureTableWithoutStream } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { ingestDelivery } from '../shared/ingest/ingest-delivery';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import { publishChanges } from '../shared/publish/publish-changes';
import type { PipelineContext } from '../shared/runtime/pipeline-context';
import { benchArticle, storeBenchArticle } from './bench-article';
import { benchPipelineContext } from './bench-context';
import { benchDeliveryBody } from './bench-delivery';
import { BENCH_SECRET } from './bench-partner';
import { type CpuProfile, summariseProfile } from './profile-summary';

/**
 * `npm run bench:profile -- publish [articles]` or `-- ingest [deliveries]`: where the pipeline's own
 * process spends its CPU, as a V8 CPU profile. `publish` seeds an archive and publishes it as one batch
 * (1,000 articles by default), as the publisher takes a burst's backlog; `ingest` sends signed deliveries
 * of 20 KB through the ingest use case, ten at a time (300 by default), with no publisher running.
 * DynamoDB Local and the S3 server run in processes of their own, so the profile holds only the
 * pipeline's work. Writes the profile under `.data/profiles/` (open it in Chrome's DevTools) and prints
 * the CPU per item and the largest shares of it by package and by function. A profile, not a
 * benchmark: one run, no yardstick; BENCHMARKS quotes what it found, the benchmarks measure the effect.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SUBJECTS = { publish: 1_000, ingest: 300 } as const;
type Subject = keyof typeof SUBJECTS;
const INGEST_CONCURRENCY = 10;

function parseArguments(argv: readonly string[]): { subject: Subject; count: number } {
  const [subject, count] = argv;
  if (subject !== 'publish' && subject !== 'ingest') {
    throw new Error(`the subject must be "publish" or "ingest", not ${JSON.stringify(subject ?? '')}`);
  }
  if (count === undefined) return { subject, count: SUBJECTS[subject] };
  if (!/^[1-9]\d{0,5}$/.test(count))
    throw new Error(`the count must be a whole number from 1 to 999999, not ${JSON.stringify(count)}`);
  return { subject, count: Number(count) };
}

/** The S3 server in a child process, and its endpoint once it listens. */
async function startS3Process(directory: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 's3-server-process.ts'), directory],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the S3 server exited with ${code} before listening`)));
    child.stdout?.once('data', (data) => resolve(String(data).trim()));
  });
  return { endpoint, child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Runs `work` under the profiler; the profile, and this process's CPU time and the wall time it took. */
async function profiled(
  work: () => Promise<void>,
): Promise<{ profile: CpuProfile; cpuMs: number; wallMs: number }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    const cpu = process.cpuUsage();
    const started = performance.now();
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    const spent = process.cpuUsage(cpu);
    return {
      profile: profile as CpuProfile,
      cpuMs: (spent.user + spent.system) / 1000,
      wallMs: performance.now() - started,
    };
  } finally {
    session.disconnect();
  }
}

async function profilePublish(context: PipelineContext, count: number) {
  const epoch = Date.now() - count * 60_000 - 3_600_000;
  const articles = Array.from({ length: count }, (_, index) => benchArticle(index, { epoch }));
  for (let start = 0; start < count; start += 16)
    await Promise.all(
      articles.slice(start, start + 16).map((article) => storeBenchArticle(context, article)),
    );
  return profiled(async () => {
    await publishChanges(
      articles.map((article) => ({ articleId: article.articleId })),
      context,
    );
  });
}

async function profileIngest(context: PipelineContext, count: number) {
  const deliver = async (index: number) => {
    const body = benchDeliveryBody(
      index,
      new Date(Date.now() - 3_600_000 + (index % 3_000) * 1_000),
      'profiled',
    );
    const signed = signDelivery(BENCH_SECRET, body, { deliveryId: `msg_profiled_${index}` });
    const outcome = await ingestDelivery(
      {
        partnerId: 'bench',
        contentType: 'application/json',
        headers: signed.headers,
        body: Buffer.from(body),
      },
      context,
    );
    if (outcome.status !== 202) throw new Error(`delivery ${index} was answered ${outcome.status}`);
  };
  // Warmed first, as a running function is: the profile is of deliveries, not of loading code.
  for (let index = 0; index < 20; index++) await deliver(count + index);
  let next = 0;
  return profiled(async () => {
    await Promise.all(
      Array.from({ length: INGEST_CONCURRENCY }, async () => {
        while (next < count) await deliver(next++);
      }),
    );
  });
}

function printSummary(profile: CpuProfile): void {
  const { activeMs, byPackage, byFunction } = summariseProfile(profile);
  const line = ([name, ms]: [string, number]) =>
    `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / activeMs).toFixed(1).padStart(5)} %  ${name}`;
  console.log(`\nSelf time, ${activeMs.toFixed(0)} ms sampled busy; by package:`);
  for (const entry of byPackage.slice(0, 15)) console.log(line(entry));
  console.log('\nby function:');
  for (const entry of byFunction.slice(0, 20)) console.log(line(entry));
}

async function main(subject: Subject, count: number): Promise<void> {
  const data = await mkdtemp(join(tmpdir(), 'syndication-profile-'));
  const dynamodbLocal = await startDynamoDbLocal();
  const s3Server = await startS3Process(join(data, 's3')).catch(async (error: unknown) => {
    await dynamodbLocal.stop();
    throw error;
  });
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: s3Server.endpoint, forcePathStyle: true });
  try {
    // No stream: nothing publishes behind the profile's back.
    await ensureTableWithoutStream(dynamodb, 'profile');
    await ensureBucket(s3, 'profile');
    const context = benchPipelineContext('profile', { dynamodb, s3 });
    console.log(
      `${subject}: ${count} ${subject === 'publish' ? 'articles in one batch' : 'deliveries'}, profiling...`,
    );
    const { profile, cpuMs, wallMs } =
      subject === 'publish' ? await profilePublish(context, count) : await profileIngest(context, count);
    const directory = join(import.meta.dirname, '..', '.data', 'profiles');
    await mkdir(directory, { recursive: true });
    const file = join(directory, `${subject}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(
      `${subject}: ${(cpuMs / 1000).toFixed(1)} s of this process's CPU (${(cpuMs / count).toFixed(2)} ms each), ` +
        `${(wallMs / 1000).toFixed(1)} s on the clock; profile in ${file}`,
    );
    printSummary(profile);
  } finally {
    dynamodb.destroy();
    s3.destroy();
    await Promise.all([dynamodbLocal.stop(), stopProcess(s3Server.child)]);
    await rm(data, { recursive: true, force: true });
  }
}

let parsed: { subject: Subject; count: number };
try {
  parsed = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error(`bench:profile: ${(error as Error).message}`);
  console.error('usage: npm run bench:profile -- publish [articles] | ingest [deliveries]');
  process.exit(2);
}
await main(parsed.subject, parsed.count);
