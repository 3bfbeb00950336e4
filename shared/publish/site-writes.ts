import type { PutOptions, SiteBucket, SiteObject } from '../ports/site-bucket';
import { writePool } from './write-pool';

/** What a render wrote, and how many objects it found already up to date. */
export interface WriteReport {
  written: string[];
  unchanged: number;
}

const WRITE_CONCURRENCY = 8;
/**
 * Objects handed to the bucket at once when it takes batches: one BatchGetItem reads up to 100
 * hashes. A large render flushes each hundred while it goes on rendering the next.
 */
const BATCH_SIZE = 100;

/**
 * Puts the objects of a render and records each outcome in `report`. A bucket that takes batches
 * (`putAll`) is given them a hundred at a time, so a publish pays for its hashes once rather than per
 * object; otherwise objects are put one by one, a few at a time (write-pool.ts says why). `drain`
 * waits for every put and raises the first failure. `options.verify` is for rebuilds (site-bucket.ts).
 */
export function siteWrites(bucket: SiteBucket, report: WriteReport, options: PutOptions = {}) {
  const record = (object: SiteObject, outcome: 'written' | 'unchanged') => {
    if (outcome === 'written') report.written.push(object.key);
    else report.unchanged++;
  };
  const putAll = bucket.putAll?.bind(bucket);
  if (!putAll) {
    const writes = writePool(WRITE_CONCURRENCY);
    return {
      put(object: SiteObject): Promise<void> {
        return writes.add(async () => record(object, await bucket.put(object)));
      },
      drain(): Promise<void> {
        return writes.drain();
      },
    };
  }

  // One batch at a time: each already keeps the bucket's write concurrency busy.
  const batches = writePool(1);
  let pending = new Map<string, SiteObject>();
  const flush = (): Promise<void> => {
    if (pending.size === 0) return Promise.resolve();
    const objects = [...pending.values()];
    pending = new Map();
    return batches.add(async () => {
      const outcomes = await putAll(objects, options);
      for (const [index, object] of objects.entries()) record(object, outcomes[index] ?? 'unchanged');
    });
  };
  return {
    put(object: SiteObject): Promise<void> {
      // A key put twice in one render is written once, as last put.
      pending.delete(object.key);
      pending.set(object.key, object);
      return pending.size >= BATCH_SIZE ? flush() : Promise.resolve();
    },
    async drain(): Promise<void> {
      await flush();
      await batches.drain();
    },
  };
}

/** Where a render puts its objects. */
export type SiteWrites = ReturnType<typeof siteWrites>;
