import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeReleaseScheduler } from '../adapters/scheduler/eventbridge-release-scheduler';
import type { LambdaAdapters } from './lambda-context';

/**
 * The embargo releases of the ingest Lambda, armed through a traced EventBridge Scheduler client: the
 * one place a function's bundle takes the Scheduler client from.
 */
export const eventBridgeReleaseScheduler: NonNullable<LambdaAdapters['releaseScheduler']> = (
  settings,
  trace,
) => new EventBridgeReleaseScheduler({ client: trace(new SchedulerClient({})), ...settings });
