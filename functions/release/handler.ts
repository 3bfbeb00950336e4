import type { ScheduledRelease } from '../../shared/domain/embargo';
import { type ReleaseOutcome, releaseArticle } from '../../shared/embargo/release-article';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';

type Handler = (event: unknown) => Promise<{ outcome: ReleaseOutcome }>;

/** The schedule's input, as ingest wrote it (shared/adapters/scheduler/); anything else is a bug, not a retry. */
function releaseOf(event: unknown): ScheduledRelease {
  const { articleId, releaseAt } = (event ?? {}) as Record<string, unknown>;
  if (typeof articleId !== 'string' || typeof releaseAt !== 'string' || Number.isNaN(Date.parse(releaseAt))) {
    throw new TypeError('a release event is { "articleId": string, "releaseAt": RFC 3339 instant }');
  }
  return { articleId, releaseAt: new Date(releaseAt).toISOString() };
}

/**
 * Invoked by an embargo's one-time schedule (EventBridge Scheduler in AWS, a timer locally): takes
 * the article live if it still waits for that instant. A throw is retried by the invoker.
 */
export function createReleaseHandler(context: PipelineContext): Handler {
  return async (event) => {
    const release = releaseOf(event);
    const outcome = await releaseArticle(release, context);
    const log = outcome === 'early' ? context.logger.warn : context.logger.info;
    log.call(context.logger, 'embargo release', { ...release, outcome });
    return { outcome };
  };
}

/** The Lambda entry point. */
export const handler = lambdaEntry('release', createReleaseHandler);
