import { writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { BenchArgumentsError, type BenchOptions, parseBenchArguments } from './bench-arguments';
import { BenchFigures } from './bench-figures';
import { withBenchStack } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';
import { measureEmbargoRelease } from './embargo-release';
import { measureFeedRender } from './feed-render';
import { measureHostileIngest } from './hostile-ingest';
import { measureIngest } from './ingest-burst';
import { measureBundles } from './lambda-bundles';
import { measurePublishCost } from './publish-cost';
import { measureRepublish } from './republish-job';

/**
 * `npm run bench [-- --quick] [-- --out FILE]`: every benchmark, one after the other, each on a fresh
 * pair of emulators, each writing its section of `docs/BENCHMARKS.md`; with `--out`, the figures as JSON
 * (`bench-figures.ts`). Each benchmark measures its subject beside a yardstick in the same run, so
 * the ratios mean something on a shared machine where absolute times do not.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function machine(options: BenchOptions) {
  const processors = cpus();
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpus: processors.length,
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    loadAverage: loadavg()[0] ?? 0,
    quick: options.quick,
    date: new Date().toISOString(),
  };
}

function machineSection(figures: ReturnType<typeof machine>, options: BenchOptions, seconds: number): string {
  return `# Benchmarks

Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` (\`bench/run-benchmarks.ts\`) on ${figures.date.slice(0, 10)}, in ${seconds.toFixed(0)} s,
against DynamoDB Local and the local S3 server on this machine: ${figures.platform} ${figures.arch}, ${figures.cpus} × ${figures.cpuModel},
${(figures.memoryMiB / 1024).toFixed(1)} GiB, Node ${figures.node}, load average ${figures.loadAverage.toFixed(2)} at the start
(${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end). ${options.quick ? 'A quick run: archives of 100 and 2,000, a smaller burst and job, fewer runs. ' : ''}Machines are
shared and noisy: read the medians and the ratios, each measured side by side with its yardstick in the same
run, not the absolute times. \`npm run bench -- --out figures.json\` writes the same figures as JSON.${
    figures.loadAverage > figures.cpus
      ? `\n\n**This run was not on a quiet machine**: a load average of ${figures.loadAverage.toFixed(1)} on ${figures.cpus} cores, other work\ncompeting throughout. The ratios below are the figures to read; the absolute times are several times what a quiet\nmachine gives.`
      : ''
  }
`;
}

async function main(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const host = machine(options);
  // Each benchmark on emulators of its own: DynamoDB Local keeps every stream record it has written,
  // deleted tables' too, and every later write pays for them (decision 0047), so a benchmark run after
  // the burst's 8,000 records would measure the burst as much as itself.
  const burst = await withBenchStack((endpoints) =>
    measureIngest(endpoints, options.deliveries, options.concurrency),
  );
  await writeBenchmarkSection('ingest-burst', burst.markdown);
  const publishCost = await withBenchStack((endpoints) =>
    measurePublishCost(endpoints, options.archives, options.publishRounds),
  );
  await writeBenchmarkSection('publish-cost', publishCost.markdown);
  console.log('feed rendering...');
  const feedRender = await measureFeedRender(options.feedRenderRuns);
  await writeBenchmarkSection('feed-render', feedRender.markdown);
  const republish = await withBenchStack((endpoints) =>
    measureRepublish(endpoints, options.republishArticles),
  );
  await writeBenchmarkSection('republish-job', republish.markdown);
  const embargo = await withBenchStack((endpoints) =>
    measureEmbargoRelease(endpoints, options.quick ? 3 : 9),
  );
  await writeBenchmarkSection('embargo-release', embargo.markdown);
  console.log('bundles...');
  const bundles = await measureBundles(options.bundleRuns);
  await writeBenchmarkSection('lambda-bundles', bundles.markdown);
  if (options.hostileRounds > 0) {
    console.log('hostile bodies...');
    await writeBenchmarkSection('hostile-ingest', await measureHostileIngest(options.hostileRounds));
  }
  const figures = BenchFigures.parse({
    machine: host,
    publishCost: { small: publishCost.small, large: publishCost.large },
    ingest: burst.ingest,
    freshnessMs: burst.freshnessMs,
    feedRender: { oursMs: feedRender.subjectMs, bareFeedMs: feedRender.yardstickMs },
    republish: {
      articles: republish.articles,
      perObjectMs: republish.perObjectMs,
      rawPutMs: republish.rawPutMs,
    },
    bundles: bundles.bundles,
  });
  await writeBenchmarkSection('machine', machineSection(host, options, (performance.now() - started) / 1000));
  if (options.out) await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
}

let options: BenchOptions;
try {
  options = parseBenchArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchArgumentsError)) throw error;
  console.error(error.message);
  process.exit(2);
}
await main(options);
