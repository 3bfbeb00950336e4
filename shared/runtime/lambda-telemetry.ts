import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The Powertools utilities of one Lambda function: structured logs with the invocation's context,
 * CloudWatch metrics as EMF, X-Ray traces. One set per container, shared by the handler's wrapper
 * (which adds the context, traces the call and flushes the metrics) and the pipeline context (whose
 * logger the use cases log with, whose metrics the handler records, whose clients the tracer captures).
 */
export interface LambdaTelemetry {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/**
 * Telemetry configured from the environment the CDK app sets: `POWERTOOLS_SERVICE_NAME` (else
 * `fallbackServiceName`), `POWERTOOLS_METRICS_NAMESPACE`, `POWERTOOLS_LOG_LEVEL`,
 * `POWERTOOLS_TRACER_CAPTURE_RESPONSE`. Outside Lambda the tracer is off by itself; metrics are off
 * with `POWERTOOLS_METRICS_DISABLED=true` or `POWERTOOLS_DEV=true`.
 */
export function createLambdaTelemetry(fallbackServiceName: string): LambdaTelemetry {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME || fallbackServiceName;
  const logger = new Logger({ serviceName });
  // Metrics' own warnings (an invalid dimension, say) become structured log lines like the rest.
  const metrics = new Metrics({ serviceName, logger });
  const tracer = new Tracer({ serviceName });
  return { logger, metrics, tracer };
}

let containerTelemetry: LambdaTelemetry | undefined;

/** The container's telemetry, made on first use: cold start is counted once per container. */
export function lambdaTelemetry(fallbackServiceName: string): LambdaTelemetry {
  containerTelemetry ??= createLambdaTelemetry(fallbackServiceName);
  return containerTelemetry;
}
