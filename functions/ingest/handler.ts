import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ProblemError } from '../../shared/errors/problem-error';
import { jsonResponse } from '../../shared/http/http-response';
import { refusalOf } from '../../shared/http/problem-response';
import { ingestDelivery } from '../../shared/ingest/ingest-delivery';
import { eventBody, toApiGatewayResult } from '../../shared/runtime/api-gateway';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';
import { secretsManagerPartnerSecrets } from '../../shared/runtime/lambda-partner-secrets';
import { eventBridgeReleaseScheduler } from '../../shared/runtime/lambda-release-scheduler';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { METRIC, REFUSAL_REASON } from '../../shared/runtime/pipeline-metrics';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * `POST /v1/partners/{partnerId}/articles`: a partner delivery in, a receipt or a problem out. Every
 * delivery counts once: `DeliveriesAccepted`, or `DeliveriesRefused` by the problem it was answered with.
 */
export function createIngestHandler(context: PipelineContext): Handler {
  return async (event) => {
    try {
      const outcome = await ingestDelivery(
        {
          partnerId: event.pathParameters?.partnerId ?? '',
          contentType: event.headers['content-type'],
          headers: {
            'webhook-id': event.headers['webhook-id'],
            'webhook-timestamp': event.headers['webhook-timestamp'],
            'webhook-signature': event.headers['webhook-signature'],
          },
          body: eventBody(event),
        },
        context,
      );
      context.logger.info('delivery accepted', { status: outcome.status, ...outcome.receipt });
      context.metrics.addMetric(METRIC.deliveriesAccepted, 'Count', 1);
      return toApiGatewayResult(jsonResponse(outcome.status, outcome.receipt));
    } catch (error) {
      if (error instanceof ProblemError)
        context.logger.warn('delivery refused', { status: error.status, detail: error.detail });
      else context.logger.error('delivery failed', error as Error);
      const refusal = refusalOf(error, event.rawPath);
      // One delivery per invocation, so the dimension cannot leak onto another delivery's metric.
      context.metrics.addDimension(REFUSAL_REASON, refusal.slug);
      context.metrics.addMetric(METRIC.deliveriesRefused, 'Count', 1);
      return toApiGatewayResult(refusal.response);
    }
  };
}

/** The Lambda entry point. */
export const handler = lambdaEntry('ingest', createIngestHandler, {
  partnerSecrets: secretsManagerPartnerSecrets,
  releaseScheduler: eventBridgeReleaseScheduler,
});
