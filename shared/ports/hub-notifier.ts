/** A notification a hub never accepted: every attempt failed, or the time ran out first. */
export interface HubNotificationFailure {
  hub: string;
  /** The feed URL the hub was to be told of. */
  topic: string;
  /** Requests sent; 0 when the time ran out before the first. */
  attempts: number;
  /** Why it failed, for the log: the last answer's status or the request's error. */
  reason: string;
}

/** What became of telling the hubs about changed feeds: one notification per hub and feed URL. */
export interface HubNotificationReport {
  /** Notifications a hub accepted (a 2xx answer). */
  accepted: number;
  /** Requests sent, retries included. */
  requests: number;
  failed: HubNotificationFailure[];
}

/**
 * Tells WebSub hubs that feeds changed (`hub.mode=publish`, docs/websub.md), so they fetch them and
 * push the news to their subscribers. It never throws and returns within a bounded time: a hub that
 * fails or hangs is reported, never raised, so a publish neither fails nor waits for it.
 */
export interface HubNotifier {
  /** Notifies every hub of each of `topics` (feed URLs) once. */
  notify(topics: readonly string[]): Promise<HubNotificationReport>;
}
