import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleLambda, LAMBDA_ENTRIES, type LambdaName, PROJECT_ROOT } from '../tests/support/lambda-bundle';
import { LambdaContainer } from '../tests/support/lambda-container';
import { median } from '../tests/support/side-by-side';
import { isEntryPoint } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench` (and `npm run bench:bundles`): what each function ships and what its module costs
 * to load. Bundles every function exactly as the CDK app does (tests/support/lambda-bundle.ts),
 * reports its size (raw and gzipped; the source map ships beside it) and its module init time: the
 * median of fresh child processes importing the bundle under bare `node`, side by side (interleaved,
 * order alternated) with importing the TypeScript source through tsx, as `npm start` does, as the
 * reference. esbuild's metafile names the largest inputs of each bundle, by package.
 */

/** What a module needs to load; the functions read the rest of their configuration on first invocation. */
const ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_NAMESPACE: 'Syndication',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Row {
  name: LambdaName;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  bundleInitMs: number;
  bundleInitCpuMs: number;
  sourceInitMs: number;
  /** The largest packages (or `project` for our own code) in the bundle, bytes in the output. */
  inputs: [string, number][];
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Which package an input belongs to: `zod`, `@aws-sdk/client-s3`, or `project` for our own files. */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return 'project';
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

async function largestInputs(metafilePath: string): Promise<[string, number][]> {
  const metafile = JSON.parse(await readFile(metafilePath, 'utf8')) as Metafile;
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('index.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

async function initTimes(
  name: LambdaName,
  bundle: string,
  runs: number,
): Promise<{ bundle: number; bundleCpu: number; source: number }> {
  const times = { bundle: [] as number[], source: [] as number[] };
  const bundleCpu: number[] = [];
  const environment = { ...ENVIRONMENT, POWERTOOLS_SERVICE_NAME: name };
  const source = join(PROJECT_ROOT, LAMBDA_ENTRIES[name]);
  const starts: [keyof typeof times, () => Promise<LambdaContainer>][] = [
    ['bundle', () => LambdaContainer.start(bundle, { environment })],
    ['source', () => LambdaContainer.start(source, { environment, execArgv: ['--import', 'tsx'] })],
  ];
  for (let run = 0; run < runs; run++) {
    for (const [kind, start] of run % 2 ? [...starts].reverse() : starts) {
      const container = await start();
      times[kind].push(container.initMs);
      if (kind === 'bundle') bundleCpu.push(container.initCpuMs);
      await container.stop();
    }
  }
  return { bundle: median(times.bundle), bundleCpu: median(bundleCpu), source: median(times.source) };
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** Issue 12's targets for each bundle: at most 300 KB minified, imported in at most 100 ms. */
const TARGET = { bytes: 300_000, initMs: 100 };
const meets = (value: number, target: number): string => (value <= target ? 'yes' : '**no**');

/** What the bundle benchmark found: each function's bytes and import time, and the section. */
export interface BundlesResult {
  bundles: Record<string, { bytes: number; initMs: number }>;
  markdown: string;
}

/** Bundles every function as `cdk synth` does and times its import in `runs` fresh processes. */
export async function measureBundles(runs: number): Promise<BundlesResult> {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-bench-bundles-'));
  const rows: Row[] = [];
  try {
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
      const metafile = join(directory, `${name}.meta.json`);
      const bundle = await bundleLambda(name, directory, [`--metafile=${metafile}`]);
      const init = await initTimes(name, bundle.file, runs);
      rows.push({
        name,
        bytes: bundle.bytes,
        gzipBytes: gzipSync(await readFile(bundle.file)).length,
        mapBytes: (await stat(`${bundle.file}.map`)).size,
        bundleInitMs: init.bundle,
        bundleInitCpuMs: init.bundleCpu,
        sourceInitMs: init.source,
        inputs: await largestInputs(metafile),
      });
      console.log(
        `${name}: ${kib(bundle.bytes)}, init ${init.bundle.toFixed(0)} ms, ${init.bundleCpu.toFixed(0)} ms CPU ` +
          `(source ${init.source.toFixed(0)} ms)`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }

  const table = rows
    .map(
      (row) =>
        `| ${row.name} | ${kib(row.bytes)} | ${kib(row.gzipBytes)} | ${kib(row.mapBytes)} | ` +
        `${row.bundleInitMs.toFixed(0)} ms | ${row.bundleInitCpuMs.toFixed(0)} ms | ${row.sourceInitMs.toFixed(0)} ms | ` +
        `**${(row.sourceInitMs / row.bundleInitMs).toFixed(1)}×** | ` +
        `${meets(row.bytes, TARGET.bytes)} / ${meets(row.bundleInitMs, TARGET.initMs)} |`,
    )
    .join('\n');
  const inputs = rows
    .map(
      (row) =>
        `| ${row.name} | ${row.inputs
          .slice(0, 6)
          .map(([name, bytes]) => `${name} ${kib(bytes)} (${((100 * bytes) / row.bytes).toFixed(0)} %)`)
          .join(', ')} |`,
    )
    .join('\n');
  const report = `## Lambda bundles

\`bench/lambda-bundles.ts\`, written by \`npm run bench:bundles\` on ${new Date().toISOString().slice(0, 10)}
(${process.platform}, Node ${process.version}). Each function bundled exactly as the CDK app bundles it
(\`FUNCTION_BUNDLING\`: minified ESM for Node 20, the pinned AWS SDK inside but for the credential sources
Lambda never reaches, beside it a source map of positions, read only when a stack is first formatted;
decisions 0042, 0052 and 0055). Init is the time to import the module in a
fresh process (the cold start's module init, before the first invocation builds its clients), median of
${runs}, side by side with importing the TypeScript source through tsx (\`npm start\`'s way) as the
reference; beside it the CPU time of that import (all the process's threads), which other processes on a
shared machine sway less than the clock. Targets (issue 12): at most 300 KB minified, import in at most
100 ms.

| function | bundle | gzipped | source map | init, bundle | init CPU, bundle | init, source via tsx | source ÷ bundle | ≤ 300 KB / ≤ 100 ms |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}

Largest inputs of each bundle, bytes in the minified output, by package (\`project\` is our own code):

| function | inputs |
| --- | --- |
${inputs}
`;
  const bundles = Object.fromEntries(
    rows.map((row) => [row.name, { bytes: row.bytes, initMs: row.bundleInitMs }]),
  );
  return { bundles, markdown: report };
}

if (isEntryPoint(import.meta.url)) {
  const { markdown } = await measureBundles(Number(process.env.BENCH_INIT_RUNS ?? 9));
  await writeBenchmarkSection('lambda-bundles', markdown);
  console.log(markdown);
}
