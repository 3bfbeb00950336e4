import { describe, expect, it } from 'vitest';
import { BenchArgumentsError, parseBenchArguments } from '../../bench/bench-arguments';
import { BenchFigures } from '../../bench/bench-figures';

describe('npm run bench arguments', () => {
  it('runs the full sizes of issue 12 without arguments', () => {
    const options = parseBenchArguments([]);
    expect(options).toMatchObject({
      quick: false,
      archives: [100, 1_000, 10_000],
      deliveries: 1_000,
      concurrency: 50,
    });
    expect(options.out).toBeUndefined();
  });

  it('runs archives of 100 and 2,000 and a smaller burst with --quick', () => {
    const full = parseBenchArguments([]);
    const quick = parseBenchArguments(['--quick']);
    expect(quick.quick).toBe(true);
    expect(quick.archives).toEqual([100, 2_000]);
    expect(quick.deliveries).toBeLessThan(full.deliveries);
    expect(quick.republishArticles).toBeLessThan(full.republishArticles);
  });

  it('takes --out FILE and --out=FILE, in any order with --quick', () => {
    expect(parseBenchArguments(['--out', 'figures.json', '--quick'])).toMatchObject({
      quick: true,
      out: 'figures.json',
    });
    expect(parseBenchArguments(['--out=x/figures.json']).out).toBe('x/figures.json');
  });

  it('refuses --out without a file and arguments it does not know', () => {
    expect(() => parseBenchArguments(['--out'])).toThrow(BenchArgumentsError);
    expect(() => parseBenchArguments(['--out', '--quick'])).toThrow(BenchArgumentsError);
    expect(() => parseBenchArguments(['--out='])).toThrow(BenchArgumentsError);
    expect(() => parseBenchArguments(['--fast'])).toThrow(/unknown argument "--fast"/);
  });
});

const figures = {
  machine: {
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'Some CPU',
    cpus: 2,
    memoryMiB: 7_936,
    node: 'v20.20.2',
    loadAverage: 1.5,
    quick: true,
    date: '2026-11-29T14:00:00.000Z',
  },
  publishCost: {
    small: { archive: 100, s3Puts: 14, s3Requests: 30, ddbRequests: 17 },
    large: { archive: 2_000, s3Puts: 14, s3Requests: 30, ddbRequests: 17 },
  },
  ingest: {
    deliveries: 200,
    concurrency: 20,
    perSecond: 44.8,
    rawPutPerSecond: 310.7,
    p50Ms: 591,
    p95Ms: 1_190,
    p99Ms: 1_400,
  },
  freshnessMs: 36_000,
  feedRender: { oursMs: 57.7, bareFeedMs: 20.6 },
  republish: { articles: 500, perObjectMs: 7.1, rawPutMs: 4.2 },
  bundles: { publisher: { bytes: 1_044_480, initMs: 250 }, ingest: { bytes: 1_841_152, initMs: 316 } },
};

describe('the JSON of npm run bench -- --out FILE', () => {
  it('accepts the shape issue 12 asks for', () => {
    expect(BenchFigures.parse(figures)).toEqual(figures);
  });

  it('refuses a figure missing, renamed or added', () => {
    const { freshnessMs: _, ...withoutFreshness } = figures;
    expect(BenchFigures.safeParse(withoutFreshness).success).toBe(false);
    expect(BenchFigures.safeParse({ ...figures, feedRender: { oursMs: 1, bareMs: 1 } }).success).toBe(false);
    expect(
      BenchFigures.safeParse({
        ...figures,
        publishCost: { ...figures.publishCost, large: { ...figures.publishCost.large, s3Heads: 16 } },
      }).success,
    ).toBe(false);
    expect(BenchFigures.safeParse({ ...figures, extra: 1 }).success).toBe(false);
  });

  it('refuses a bundle without its bytes or its import time', () => {
    expect(BenchFigures.safeParse({ ...figures, bundles: { publisher: { bytes: 1 } } }).success).toBe(false);
  });

  it('refuses a count that is not a whole number', () => {
    const ingest = { ...figures.ingest, deliveries: 1.5 };
    expect(BenchFigures.safeParse({ ...figures, ingest }).success).toBe(false);
  });
});
