/**
 * The CloudWatch namespace of the pipeline's own metrics. The CDK app sets it on every function as
 * `POWERTOOLS_METRICS_NAMESPACE`, and the monitoring dashboard reads the metrics back from it.
 */
export const METRICS_NAMESPACE = 'Syndication';

/**
 * The names of the metrics the functions record (docs/operations.md says what each means). One list,
 * so the functions and the dashboard cannot drift apart.
 */
export const METRIC = {
  /** Ingest: a delivery answered 200 or 202. */
  deliveriesAccepted: 'DeliveriesAccepted',
  /** Ingest: a delivery answered with a problem; dimension {@link REFUSAL_REASON}. */
  deliveriesRefused: 'DeliveriesRefused',
  /** Publisher: milliseconds from the newest change of a batch entering the stream to its pages written. */
  publishLatency: 'PublishLatency',
  /** Publisher and republisher: objects written to the site bucket (unchanged bytes are not written). */
  objectsWritten: 'ObjectsWritten',
  /** Publisher and republisher: WebSub notifications a hub accepted, one per hub and changed feed URL. */
  hubNotificationsAccepted: 'HubNotificationsAccepted',
  /** Publisher and republisher: WebSub notifications given up on (every retry failed, or the time bound passed). */
  hubNotificationsFailed: 'HubNotificationsFailed',
} as const;

/** The dimension of `DeliveriesRefused`: the last segment of the problem `type` the partner was answered with. */
export const REFUSAL_REASON = 'reason';

/**
 * What the functions record metrics with: the part of Powertools `Metrics` they use. A Lambda passes
 * Powertools `Metrics`, flushed after every invocation; the local run and tests that do not look at
 * metrics pass {@link SILENT_METRICS}, so nothing prints CloudWatch EMF on their console.
 */
export interface PipelineMetrics {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): unknown;
  /** A dimension of every metric recorded until the next flush, which is the end of the invocation. */
  addDimension(name: string, value: string): unknown;
}

/** Metrics that go nowhere: for the local run and for tests that do not look at metrics. */
export const SILENT_METRICS: PipelineMetrics = Object.freeze({
  addMetric: () => undefined,
  addDimension: () => undefined,
});
