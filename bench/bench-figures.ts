import * as z from '../shared/config/zod';

const count = z.int().check(z.nonnegative());
const milliseconds = z.number().check(z.nonnegative());

/** What one new article cost to publish into an archive of `archive` articles. */
const PublishCost = z.strictObject({
  archive: count,
  s3Puts: count,
  s3Requests: count,
  ddbRequests: count,
});

/** Where the figures were measured: they mean little without it. */
export const Machine = z.strictObject({
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpus: count,
  memoryMiB: count,
  node: z.string(),
  /** The one-minute load average when the run started: other work on a shared machine. */
  loadAverage: z.number().check(z.nonnegative()),
  quick: z.boolean(),
  date: z.iso.datetime(),
});

/**
 * `npm run bench -- --out FILE`: the figures, in the shape issue 12 asks for. Strict, so a figure
 * renamed or added on one side only fails the test instead of passing unnoticed.
 */
export const BenchFigures = z.strictObject({
  machine: Machine,
  publishCost: z.strictObject({ small: PublishCost, large: PublishCost }),
  ingest: z.strictObject({
    deliveries: count,
    concurrency: count,
    perSecond: z.number().check(z.nonnegative()),
    rawPutPerSecond: z.number().check(z.nonnegative()),
    p50Ms: milliseconds,
    p95Ms: milliseconds,
    p99Ms: milliseconds,
  }),
  freshnessMs: milliseconds,
  feedRender: z.strictObject({ oursMs: milliseconds, bareFeedMs: milliseconds }),
  republish: z.strictObject({ articles: count, perObjectMs: milliseconds, rawPutMs: milliseconds }),
  bundles: z.record(z.string(), z.strictObject({ bytes: count, initMs: milliseconds })),
});

export type BenchFigures = z.infer<typeof BenchFigures>;
export type PublishCostFigures = z.infer<typeof PublishCost>;
