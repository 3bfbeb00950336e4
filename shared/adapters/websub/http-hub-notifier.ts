import type { HubNotificationReport, HubNotifier } from '../../ports/hub-notifier';

/** How hard {@link HttpHubNotifier} tries, and for how long at most. */
export interface HubNotifierLimits {
  /** Requests per hub and feed URL, the first included. */
  attempts: number;
  /** How long one request may wait for the hub's answer. */
  attemptTimeoutMs: number;
  /** How long one `notify` may take in all, whatever the hubs do: the most it delays a publish. */
  totalMs: number;
  /** The pause before the first retry; each later pause is twice the one before. */
  firstBackoffMs: number;
  /** Requests in flight at once to one hub. */
  concurrency: number;
}

/**
 * Three tries within five seconds: enough for a hub's passing 503 or a lost connection, short beside
 * the publisher's 60-second timeout and the publish lease it holds meanwhile (docs/decisions/0043).
 */
export const DEFAULT_HUB_NOTIFIER_LIMITS: HubNotifierLimits = {
  attempts: 3,
  attemptTimeoutMs: 2_000,
  totalMs: 5_000,
  firstBackoffMs: 250,
  concurrency: 8,
};

type Outcome = { accepted: true } | { accepted: false; retry: boolean; reason: string };

/**
 * Notifies WebSub hubs over HTTP: per hub and feed URL, one form-encoded `POST` of `hub.mode=publish`
 * and `hub.url=<feed URL>`, retried with exponential back-off on a network error, a timeout, a 5xx,
 * 408 or 429, and given up at the first other answer that is not 2xx, after `attempts` tries, or when
 * `totalMs` has passed since `notify` began. Redirects are not followed: a 301 or 302 would turn the
 * `POST` into a `GET`.
 */
export class HttpHubNotifier implements HubNotifier {
  readonly #hubs: readonly string[];
  readonly #limits: HubNotifierLimits;

  constructor(hubs: readonly string[], limits: Partial<HubNotifierLimits> = {}) {
    this.#hubs = [...hubs];
    this.#limits = { ...DEFAULT_HUB_NOTIFIER_LIMITS, ...limits };
  }

  async notify(topics: readonly string[]): Promise<HubNotificationReport> {
    const deadline = Date.now() + this.#limits.totalMs;
    const report: HubNotificationReport = { accepted: 0, requests: 0, failed: [] };
    const unique = [...new Set(topics)];
    // Each hub has its own requests in flight: a hub that hangs never holds up another.
    await Promise.all(
      this.#hubs.map(async (hub) => {
        let next = 0;
        const worker = async () => {
          for (let topic = unique[next++]; topic !== undefined; topic = unique[next++])
            await this.#deliver(hub, topic, deadline, report);
        };
        await Promise.all(Array.from({ length: Math.min(this.#limits.concurrency, unique.length) }, worker));
      }),
    );
    return report;
  }

  async #deliver(hub: string, topic: string, deadline: number, report: HubNotificationReport): Promise<void> {
    let attempts = 0;
    let reason = 'the time ran out before the first request';
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        if (attempts > 0) reason = `${reason}; then the time ran out`;
        break;
      }
      attempts++;
      report.requests++;
      const outcome = await this.#post(hub, topic, Math.min(this.#limits.attemptTimeoutMs, left));
      if (outcome.accepted) {
        report.accepted++;
        return;
      }
      reason = outcome.reason;
      if (!outcome.retry || attempts >= this.#limits.attempts) break;
      const pause = this.#limits.firstBackoffMs * 2 ** (attempts - 1);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.min(pause, deadline - Date.now()))),
      );
    }
    report.failed.push({ hub, topic, attempts, reason });
  }

  async #post(hub: string, topic: string, timeoutMs: number): Promise<Outcome> {
    try {
      const response = await fetch(hub, {
        method: 'POST',
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Nothing in the body matters; cancelling it frees the connection.
      await response.body?.cancel();
      if (response.ok) return { accepted: true };
      const { status } = response;
      return {
        accepted: false,
        retry: status >= 500 || status === 408 || status === 429,
        reason: `the hub answered ${status}`,
      };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        accepted: false,
        retry: true,
        reason: timedOut
          ? `no answer within ${timeoutMs} ms`
          : `the request failed: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
      };
    }
  }
}
