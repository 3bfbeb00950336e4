/** The verdict on one request against a per-minute budget. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends: the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
}

/** Counts requests per caller in fixed one-minute windows. Adapter: DynamoDB. */
export interface RateLimiter {
  consume(caller: string, perMinute: number, now: Date): Promise<RateDecision>;
}
