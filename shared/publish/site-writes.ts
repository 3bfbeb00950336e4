import type { SiteBucket, SiteObject } from '../ports/site-bucket';
import { writePool } from './write-pool';

/** What a render wrote, and how many objects it found already up to date. */
export interface WriteReport {
  written: string[];
  unchanged: number;
}

const WRITE_CONCURRENCY = 8;

/**
 * Puts objects a few at a time (write-pool.ts says why) and records each outcome in `report`.
 * `drain` waits for every put and raises the first failure.
 */
export function siteWrites(bucket: SiteBucket, report: WriteReport) {
  const writes = writePool(WRITE_CONCURRENCY);
  return {
    put(object: SiteObject): Promise<void> {
      return writes.add(async () => {
        const outcome = await bucket.put(object);
        if (outcome === 'written') report.written.push(object.key);
        else report.unchanged++;
      });
    },
    drain(): Promise<void> {
      return writes.drain();
    },
  };
}

/** Where a render puts its objects. */
export type SiteWrites = ReturnType<typeof siteWrites>;
