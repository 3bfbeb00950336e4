import type { ScheduledRelease } from '../domain/embargo';

/**
 * Arranges for an article to be released at an instant (shared/embargo/release-article.ts). Adapters:
 * EventBridge Scheduler one-time schedules in AWS, timers in the local runtime. Both are idempotent
 * per release (article and instant): arming one already armed, or disarming one never armed (or
 * already fired), does nothing. A release that fires for a moved or cancelled embargo does nothing
 * either, so an adapter never has to be exact about what it leaves behind.
 */
export interface ReleaseScheduler {
  arm(release: ScheduledRelease): Promise<void>;
  disarm(release: ScheduledRelease): Promise<void>;
}
