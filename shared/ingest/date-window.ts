import type { Partner } from '../config/partner-registry-schema';
import type { Article } from '../domain/article';
import { ValidationError } from '../errors/http-errors';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Refuses, as a `422` on `/data/publishedAt`, a `publishedAt` further in the past than the partner's
 * `dateWindow.pastDays` allows at `now`, so one partner cannot thread articles deep into the site's
 * order and archive (docs/decisions/0018-bounded-feeds-and-partner-shares.md). The article's own
 * stored `publishedAt` is always allowed: an update or a correction of an old article keeps its date.
 * The future side is refused earlier, beyond clock skew (`time-rules.ts`).
 */
export function refuseOutsideDateWindow(
  publishedAt: string,
  current: Article | undefined,
  partner: Partner,
  now: Date,
): void {
  const instant = new Date(publishedAt).getTime();
  if (current && new Date(current.content.publishedAt).getTime() === instant) return;
  const { pastDays } = partner.dateWindow;
  const earliest = new Date(now.getTime() - pastDays * DAY_MS);
  if (instant >= earliest.getTime()) return;
  const allowance = `${pastDays} ${pastDays === 1 ? 'day' : 'days'}`;
  throw new ValidationError({
    detail:
      `publishedAt ${publishedAt} is more than ${allowance} in the past, the allowance of partner "${partner.id}" ` +
      `(dateWindow.pastDays). Older articles, such as an archive import, need a larger allowance in the partner registry.`,
    fieldErrors: [
      {
        pointer: '/data/publishedAt',
        message: `must be at most ${allowance} in the past (not before ${earliest.toISOString()}), unless the partner registry allows more (dateWindow.pastDays)`,
      },
    ],
  });
}
