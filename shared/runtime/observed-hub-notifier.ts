import type { Logger } from '@aws-lambda-powertools/logger';
import type { HubNotificationReport, HubNotifier } from '../ports/hub-notifier';
import { METRIC, type PipelineMetrics } from './pipeline-metrics';

/**
 * `notifier`, with what it did logged and counted: `HubNotificationsAccepted` and
 * `HubNotificationsFailed` on every call, a warning per notification given up on, naming the hub, the
 * feed URL, the attempts and the last reason. Should a notifier break its promise and throw, the
 * error is logged and reported as every notification failed: a publish never fails for a hub.
 */
export function observedHubNotifier(
  notifier: HubNotifier,
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  metrics: PipelineMetrics,
): HubNotifier {
  return {
    async notify(topics) {
      let report: HubNotificationReport;
      try {
        report = await notifier.notify(topics);
      } catch (error) {
        logger.error('the WebSub notifier failed', { error });
        report = {
          accepted: 0,
          requests: 0,
          failed: topics.map((topic) => ({ hub: '', topic, attempts: 0, reason: String(error) })),
        };
      }
      metrics.addMetric(METRIC.hubNotificationsAccepted, 'Count', report.accepted);
      metrics.addMetric(METRIC.hubNotificationsFailed, 'Count', report.failed.length);
      for (const failure of report.failed) logger.warn('a WebSub hub was not notified', { ...failure });
      logger.info('notified WebSub hubs', {
        topics: topics.length,
        accepted: report.accepted,
        failed: report.failed.length,
        requests: report.requests,
      });
      return report;
    },
  };
}
