import type { Context } from 'aws-lambda';
import type { LambdaTelemetry } from './lambda-telemetry';

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

/**
 * A handler with what every invocation needs, done without middleware (the handlers are plain
 * functions): the logger carries the invocation's request id, function and cold start; the call is
 * one X-Ray subsegment annotated with cold start and service; an error it throws is logged (`invocation
 * failed`) and traced before Lambda gets it; the metrics the call recorded are flushed as one EMF line
 * when it ends, whether it returned or threw.
 */
export function instrumentHandler<TEvent, TResult>(
  telemetry: LambdaTelemetry,
  handler: LambdaHandler<TEvent, TResult>,
): LambdaHandler<TEvent, TResult> {
  const { logger, metrics, tracer } = telemetry;
  return async (event, context) => {
    logger.addContext(context);
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? context.functionName}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      // Lambda prints an uncaught error too, but as text: this line carries the request id and cold start.
      logger.error('invocation failed', error as Error);
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
      // Without a metric there is nothing to write; Powertools would log a warning for every such call.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      else metrics.clearDimensions();
    }
  };
}
