/** What one `npm run bench` measures, and at which sizes. */
export interface BenchOptions {
  /** `--quick`: smaller archives and bursts, to finish within five minutes. */
  quick: boolean;
  /** `--out FILE`: where the figures go as JSON, besides `docs/BENCHMARKS.md`. */
  out?: string;
  /** Archive sizes of the publish-cost comparison, smallest first. */
  archives: number[];
  /** Publishes into each archive, interleaved. */
  publishRounds: number;
  /** Signed deliveries of the ingest burst, and how many are in flight at once. */
  deliveries: number;
  concurrency: number;
  /** Articles of the archive the republish job renders. */
  republishArticles: number;
  /** Fresh processes per bundle for its import time. */
  bundleRuns: number;
  /** Runs of each side of the feed-rendering comparison. */
  feedRenderRuns: number;
  /** Rounds of the hostile-body comparison; 0 leaves it out (it is not part of the JSON). */
  hostileRounds: number;
}

/** Thrown for a command line `npm run bench` does not understand. */
export class BenchArgumentsError extends Error {}

const FULL: Omit<BenchOptions, 'quick' | 'out'> = {
  archives: [100, 1_000, 10_000],
  publishRounds: 15,
  deliveries: 1_000,
  concurrency: 50,
  republishArticles: 10_000,
  bundleRuns: 9,
  feedRenderRuns: 15,
  hostileRounds: 5,
};

const QUICK: Omit<BenchOptions, 'quick' | 'out'> = {
  archives: [100, 2_000],
  publishRounds: 9,
  deliveries: 200,
  concurrency: 20,
  republishArticles: 300,
  bundleRuns: 3,
  feedRenderRuns: 9,
  hostileRounds: 0,
};

export const BENCH_USAGE = 'usage: npm run bench -- [--quick] [--out FILE]';

/** Reads `npm run bench`'s arguments (`process.argv.slice(2)`): `--quick`, `--out FILE` or `--out=FILE`. */
export function parseBenchArguments(argv: readonly string[]): BenchOptions {
  let quick = false;
  let out: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === '--quick') quick = true;
    else if (argument === '--out') {
      const file = argv[++index];
      if (!file || file.startsWith('--')) throw new BenchArgumentsError(`--out needs a file. ${BENCH_USAGE}`);
      out = file;
    } else if (argument.startsWith('--out=')) {
      out = argument.slice('--out='.length);
      if (!out) throw new BenchArgumentsError(`--out needs a file. ${BENCH_USAGE}`);
    } else throw new BenchArgumentsError(`unknown argument "${argument}". ${BENCH_USAGE}`);
  }
  return { quick, ...(out === undefined ? {} : { out }), ...(quick ? QUICK : FULL) };
}
