import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { articleChangesOf, newestArticleChangeAt } from '../../shared/adapters/dynamodb/stream-changes';
import { publishChanges } from '../../shared/publish/publish-changes';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';
import { s3SiteBucket } from '../../shared/runtime/lambda-site-bucket';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { METRIC } from '../../shared/runtime/pipeline-metrics';

type Handler = (
  event: DynamoDBStreamEvent,
  invocation?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<void>;

/** Time kept for rendering and writing once the lease is ours; the rest may be spent waiting for it. */
const RENDER_BUDGET_MS = 30_000;

/**
 * The stream consumer: renders what a batch of table changes affects. A throw fails the batch,
 * which the event source mapping retries; rendering from current state makes that safe. Each batch
 * records `ObjectsWritten` and `PublishLatency`, from its newest change entering the stream to done.
 */
export function createPublisherHandler(context: PipelineContext): Handler {
  return async (event, invocation) => {
    const changes = articleChangesOf(event.Records);
    if (changes.length === 0) return;
    // Wait for another publisher's lease only as long as this invocation can still finish after it.
    const remaining = invocation?.getRemainingTimeInMillis();
    const lockWaitMs = remaining === undefined ? undefined : Math.max(0, remaining - RENDER_BUDGET_MS);
    const report = await publishChanges(changes, { ...context, lockWaitMs });
    context.metrics.addMetric(METRIC.objectsWritten, 'Count', report.written.length);
    const newest = newestArticleChangeAt(event.Records);
    // The stream rounds its stamp down to the second (so this reads up to 1 s high); never below 0
    // should the clocks disagree.
    if (newest !== undefined)
      context.metrics.addMetric(
        METRIC.publishLatency,
        'Milliseconds',
        Math.max(0, Date.now() - newest.getTime()),
      );
    context.logger.info('published', {
      articles: report.articles,
      written: report.written.length,
      unchanged: report.unchanged,
      removed: report.removed.length,
    });
  };
}

/** The Lambda entry point. */
export const handler = lambdaEntry('publisher', createPublisherHandler, { siteBucket: s3SiteBucket });
