import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { ScheduledRelease } from '../../domain/embargo';
import type { ReleaseScheduler } from '../../ports/release-scheduler';

/** Where an embargo's one-time schedules live and what they invoke (infra/constructs/release-function.ts). */
export interface ReleaseScheduleSettings {
  /** The schedule group ingest may create schedules in, and nothing else. */
  groupName: string;
  /** The release function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke it (it may invoke that function only). */
  roleArn: string;
}

/** Options of the EventBridge Scheduler release scheduler. */
export interface EventBridgeReleaseSchedulerOptions extends ReleaseScheduleSettings {
  /** An EventBridge Scheduler client, configured by the caller. */
  client: SchedulerClient;
}

/** A schedule that fires this often at most and for this long, as EventBridge Scheduler's defaults. */
const RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

/**
 * The schedule of one release: one per article and instant, so a moved embargo gets a new schedule
 * and the old one can be deleted (or left to fire and do nothing). At most 64 characters.
 */
export function releaseScheduleName(release: ScheduledRelease): string {
  return `release-${release.articleId}-${new Date(release.releaseAt).getTime()}`;
}

/**
 * EventBridge Scheduler's `at()` takes whole seconds, in the schedule's time zone (UTC here): the
 * instant rounded up, so a schedule never fires before it (the release waits out the rest).
 */
export function atExpression(releaseAt: string): string {
  const seconds = Math.ceil(new Date(releaseAt).getTime() / 1000);
  return `at(${new Date(seconds * 1000).toISOString().slice(0, 19)})`;
}

/**
 * Embargo releases as EventBridge Scheduler one-time schedules (`at(...)`, deleted after they fire),
 * each invoking the release function with the release as its input.
 */
export class EventBridgeReleaseScheduler implements ReleaseScheduler {
  readonly #options: EventBridgeReleaseSchedulerOptions;

  constructor(options: EventBridgeReleaseSchedulerOptions) {
    this.#options = options;
  }

  async arm(release: ScheduledRelease): Promise<void> {
    const { client, groupName, targetArn, roleArn } = this.#options;
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: releaseScheduleName(release),
          GroupName: groupName,
          ActionAfterCompletion: 'DELETE',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ScheduleExpression: atExpression(release.releaseAt),
          ScheduleExpressionTimezone: 'UTC',
          Description: `Releases article ${release.articleId} from embargo at ${release.releaseAt}`,
          Target: {
            Arn: targetArn,
            RoleArn: roleArn,
            Input: JSON.stringify(release),
            RetryPolicy: RETRY_POLICY,
          },
        }),
      );
    } catch (error) {
      // Already armed (a retried delivery, a racing one): the same name is the same release.
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  async disarm(release: ScheduledRelease): Promise<void> {
    try {
      await this.#options.client.send(
        new DeleteScheduleCommand({ Name: releaseScheduleName(release), GroupName: this.#options.groupName }),
      );
    } catch (error) {
      // Gone already: it fired (and deleted itself) or was never made.
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
