import type { Context } from 'aws-lambda';
import { bootstrapSite } from '../../shared/publish/bootstrap-site';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';
import { s3SiteBucket } from '../../shared/runtime/lambda-site-bucket';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';

/** What the deployment sees: how much the bootstrap wrote and found already up to date. */
export interface SiteBootstrapResult {
  feeds: number;
  written: number;
  unchanged: number;
}

type Handler = (
  event: unknown,
  invocation?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<SiteBootstrapResult>;

/** Time kept for rendering and writing once the lease is ours; the rest may be spent waiting for it. */
const RENDER_BUDGET_MS = 30_000;
/** How long the lease outlives this invocation, so it never lapses while the bootstrap still writes. */
const LEASE_MARGIN_MS = 10_000;

/**
 * Run once per deployment by a CloudFormation trigger (infra/constructs/site-bootstrap.ts): renders
 * the site from the table's current state. A throw fails the deployment, which is what should
 * happen when the site cannot be made to exist.
 */
export function createSiteBootstrapHandler(context: PipelineContext): Handler {
  return async (_event, invocation) => {
    const remaining = invocation?.getRemainingTimeInMillis();
    const lease =
      remaining === undefined
        ? {}
        : {
            lockTtlMs: remaining + LEASE_MARGIN_MS,
            lockWaitMs: Math.max(0, remaining - RENDER_BUDGET_MS),
          };
    const report = await bootstrapSite({ ...context, ...lease });
    const result = {
      feeds: report.feeds.length,
      written: report.written.length,
      unchanged: report.unchanged,
    };
    context.logger.info('site bootstrapped', { ...result });
    return result;
  };
}

/** The Lambda entry point. */
export const handler = lambdaEntry('site-bootstrap', createSiteBootstrapHandler, {
  siteBucket: s3SiteBucket,
});
