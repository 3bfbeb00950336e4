import { randomUUID } from 'node:crypto';
import { PublishLockBusyError } from '../errors/store-errors';
import type { PublishLock } from '../ports/publish-lock';

/** How long to hold the lease and how long to wait for it. */
export interface LeaseTimes {
  /** How long a lease lasts: longer than the holder can run, so it never writes after it lapses. */
  lockTtlMs?: number;
  /** How long to wait for another holder before giving up with `PublishLockBusyError`. */
  lockWaitMs?: number;
}

/** The publisher function runs at most 60 s (infra), well inside this. */
export const DEFAULT_LEASE_TTL_MS = 90_000;
const DEFAULT_LEASE_WAIT_MS = 20_000;

/** The lease `work` holds: its owner, for a last write that gives it back in the same request. */
export interface HeldLease {
  readonly owner: string;
  /** Says the work's last write gave the lease back, so it is not given back again. */
  givenBack(): void;
}

/**
 * Runs `work` holding the publish lease, so whatever it reads and writes is not interleaved with
 * another publisher's (docs/decisions/0008-one-publisher-at-a-time.md). The lease is given back
 * however `work` ends: by `work` itself with its last write (decision 0056), else here.
 */
export async function withPublishLease<T>(
  lock: PublishLock,
  times: LeaseTimes,
  work: (lease: HeldLease) => Promise<T>,
): Promise<T> {
  const owner = randomUUID();
  await acquire(
    lock,
    owner,
    times.lockTtlMs ?? DEFAULT_LEASE_TTL_MS,
    times.lockWaitMs ?? DEFAULT_LEASE_WAIT_MS,
  );
  let givenBack = false;
  try {
    return await work({
      owner,
      givenBack: () => {
        givenBack = true;
      },
    });
  } finally {
    if (!givenBack) await lock.release(owner);
  }
}

async function acquire(lock: PublishLock, owner: string, ttlMs: number, waitMs: number): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await lock.acquire(owner, ttlMs)) return;
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new PublishLockBusyError(waited);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
  }
}
