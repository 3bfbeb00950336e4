import type { DynamoDBStreamEvent } from 'aws-lambda';
import { articleChangesOf } from '../../shared/adapters/dynamodb/stream-changes';
import { publishChanges } from '../../shared/publish/publish-changes';
import { lambdaContext } from '../../shared/runtime/lambda-context';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';

type Handler = (event: DynamoDBStreamEvent) => Promise<void>;

/**
 * The stream consumer: renders what a batch of table changes affects. A throw fails the batch,
 * which the event source mapping retries; rendering from current state makes that safe.
 */
export function createPublisherHandler(context: PipelineContext): Handler {
  return async (event) => {
    const changes = articleChangesOf(event.Records);
    if (changes.length === 0) return;
    const report = await publishChanges(changes, context);
    context.logger.info('published', {
      articles: report.articles,
      written: report.written.length,
      unchanged: report.unchanged,
      removed: report.removed.length,
    });
  };
}

/** The Lambda entry point. */
export const handler: Handler = async (event) =>
  createPublisherHandler(await lambdaContext('publisher'))(event);
