import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { articleChangesOf } from '../../shared/adapters/dynamodb/stream-changes';
import { publishChanges } from '../../shared/publish/publish-changes';
import { lambdaContext } from '../../shared/runtime/lambda-context';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';

type Handler = (
  event: DynamoDBStreamEvent,
  invocation?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<void>;

/** Time kept for rendering and writing once the lease is ours; the rest may be spent waiting for it. */
const RENDER_BUDGET_MS = 30_000;

/**
 * The stream consumer: renders what a batch of table changes affects. A throw fails the batch,
 * which the event source mapping retries; rendering from current state makes that safe.
 */
export function createPublisherHandler(context: PipelineContext): Handler {
  return async (event, invocation) => {
    const changes = articleChangesOf(event.Records);
    if (changes.length === 0) return;
    // Wait for another publisher's lease only as long as this invocation can still finish after it.
    const remaining = invocation?.getRemainingTimeInMillis();
    const lockWaitMs = remaining === undefined ? undefined : Math.max(0, remaining - RENDER_BUDGET_MS);
    const report = await publishChanges(changes, { ...context, lockWaitMs });
    context.logger.info('published', {
      articles: report.articles,
      written: report.written.length,
      unchanged: report.unchanged,
      removed: report.removed.length,
    });
  };
}

/** The Lambda entry point. */
export const handler: Handler = async (event, invocation) =>
  createPublisherHandler(await lambdaContext('publisher'))(event, invocation);
