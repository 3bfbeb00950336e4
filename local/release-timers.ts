import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledRelease } from '../shared/domain/embargo';
import type { ReleaseOutcome } from '../shared/embargo/release-article';
import type { ReleaseScheduler } from '../shared/ports/release-scheduler';

/** Options of the local release timers. */
export interface ReleaseTimersOptions {
  /** Runs one release: the release function's handler, as EventBridge Scheduler invokes it in AWS. */
  fire: (release: ScheduledRelease) => Promise<{ outcome: ReleaseOutcome }>;
  logger: Logger;
  /** How long to wait before running a release that threw again; 1 s by default. */
  retryDelayMs?: number;
}

/** `setTimeout` cannot wait longer than 2^31 - 1 ms (about 24.8 days): a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** As EventBridge Scheduler's default retry policy, give a failing release up after this many tries. */
const MAX_ATTEMPTS = 185;

/**
 * The local runtime's release scheduler: one timer per release (article and instant), in this
 * process. Nothing is lost when the process stops: the store's release markers are the truth, and
 * `rearm` arms every one of them again at start, so a release due while the process was down runs
 * at once. Timers are unref'd: a pending release never keeps a finished process alive.
 */
export class LocalReleaseTimers implements ReleaseScheduler {
  readonly #options: ReleaseTimersOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  constructor(options: ReleaseTimersOptions) {
    this.#options = options;
  }

  /** How many releases are armed. */
  get armed(): number {
    return this.#timers.size;
  }

  async arm(release: ScheduledRelease): Promise<void> {
    const key = keyOf(release);
    if (this.#stopped || this.#timers.has(key)) return;
    this.#schedule(release, key, 1);
  }

  async disarm(release: ScheduledRelease): Promise<void> {
    const key = keyOf(release);
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }

  /** Arms every release the store still awaits (its markers); returns how many. */
  async rearm(releases: readonly ScheduledRelease[]): Promise<number> {
    for (const release of releases) await this.arm(release);
    return releases.length;
  }

  /** Clears every timer; nothing fires after this. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(release: ScheduledRelease, key: string, attempt: number, delayMs?: number): void {
    const wait = delayMs ?? Math.max(0, new Date(release.releaseAt).getTime() - Date.now());
    const timer = setTimeout(() => void this.#run(release, key, attempt), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
    this.#timers.set(key, timer);
  }

  async #run(release: ScheduledRelease, key: string, attempt: number): Promise<void> {
    if (this.#stopped) return;
    try {
      const { outcome } = await this.#options.fire(release);
      // A wait longer than one timer, or a clock that moved: not due yet, so wait again.
      if (outcome === 'early' && !this.#stopped) return this.#schedule(release, key, attempt);
      this.#timers.delete(key);
    } catch (error) {
      if (this.#stopped) return;
      if (attempt >= MAX_ATTEMPTS) {
        this.#timers.delete(key);
        this.#options.logger.error('embargo release gave up', { ...release, attempt, error: String(error) });
        return;
      }
      this.#options.logger.warn('embargo release failed; trying again', { ...release, attempt });
      this.#schedule(release, key, attempt + 1, this.#options.retryDelayMs ?? 1000);
    }
  }
}

function keyOf(release: ScheduledRelease): string {
  return `${release.articleId}@${release.releaseAt}`;
}
