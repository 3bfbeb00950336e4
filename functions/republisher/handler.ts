import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { jobIdsOf } from '../../shared/adapters/dynamodb/job-stream';
import { type RepublishChunkDependencies, runRepublishChunk } from '../../shared/jobs/run-republish-chunk';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';
import { s3SiteBucket } from '../../shared/runtime/lambda-site-bucket';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { METRIC } from '../../shared/runtime/pipeline-metrics';

type Handler = (
  event: DynamoDBStreamEvent,
  invocation?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<void>;

/** How chunks are bounded; the defaults suit Lambda and the local run alike. */
export type RepublisherOptions = Pick<
  RepublishChunkDependencies,
  'chunkArticles' | 'chunkBudgetMs' | 'publisherPriorityMs'
>;

/**
 * The republisher: for each job a batch of the table's stream continues, runs its next chunk, whose
 * progress record continues it again (docs/decisions/0023-republish-jobs-continue-through-the-stream.md).
 * A throw fails the batch, which the event source mapping retries: the chunk runs again from where
 * the job's item says it is. Each chunk records the objects it wrote (`ObjectsWritten`).
 */
export function createRepublisherHandler(
  context: PipelineContext,
  options: RepublisherOptions = {},
): Handler {
  return async (event, invocation) => {
    for (const jobId of jobIdsOf(event.Records)) {
      const report = await runRepublishChunk(jobId, {
        ...context,
        ...options,
        remainingMs: invocation ? () => invocation.getRemainingTimeInMillis() : undefined,
      });
      context.metrics.addMetric(METRIC.objectsWritten, 'Count', report.written.length);
      context.logger.info('republish chunk', {
        jobId,
        outcome: report.outcome,
        articles: report.articles,
        feeds: report.feeds,
        written: report.written.length,
        unchanged: report.unchanged,
        renderMs: report.renderMs,
      });
    }
  };
}

/** The Lambda entry point. */
export const handler = lambdaEntry('republisher', (pipeline) => createRepublisherHandler(pipeline), {
  siteBucket: s3SiteBucket,
});
