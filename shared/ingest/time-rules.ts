/**
 * How far ahead of our clock a partner's clock may be. It is the Standard Webhooks signature window
 * (`webhook-timestamp` within 300 s either way), so one notion of clock skew holds everywhere: a
 * partner whose signatures pass never has its "now" refused as a future time.
 */
export const CLOCK_SKEW_ALLOWANCE_SECONDS = 300;

/** True when `instant` lies further ahead of `now` than clock skew explains. */
export function isBeyondClockSkew(instant: Date, now: Date): boolean {
  return instant.getTime() - now.getTime() > CLOCK_SKEW_ALLOWANCE_SECONDS * 1000;
}

/**
 * True when an `updatedAt` lies in the future further than clock skew explains and is not the
 * article's own embargo: a future `publishedAt` is an embargo (`shared/domain/embargo.ts`), and
 * `updatedAt` defaults to it, but an article cannot have been updated after a time still to come.
 */
export function isFutureUpdate(updatedAt: Date, publishedAt: Date | undefined, now: Date): boolean {
  if (!isBeyondClockSkew(updatedAt, now)) return false;
  return publishedAt === undefined || updatedAt.getTime() > publishedAt.getTime();
}

/** Why an `updatedAt` in the future is refused, for the field's problem message. */
export function futureUpdateTimeMessage(now: Date): string {
  return (
    `must be at most ${CLOCK_SKEW_ALLOWANCE_SECONDS} s ahead of our clock (${now.toISOString()}), ` +
    'unless it is the embargoed publishedAt itself: an article is not updated after a time still to come'
  );
}

/** Why an envelope `timestamp` in the future is refused, for the problem's detail. */
export function futureEventTimeMessage(timestamp: string, now: Date): string {
  return (
    `The envelope timestamp ${timestamp} is later than now (${now.toISOString()}) plus the ` +
    `${CLOCK_SKEW_ALLOWANCE_SECONDS} s signature window. It is the time the change happened, and ` +
    'events are applied in its order, so a future one would make every later event look stale.'
  );
}
