import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { createLambdaTelemetry, type LambdaTelemetry } from '../../shared/runtime/lambda-telemetry';

/** One CloudWatch EMF line as Powertools prints it, the part a test reads. */
export interface EmfLine {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** One metric of an EMF line: its value(s), unit and dimensions, as CloudWatch would file it. */
export interface RecordedMetric {
  name: string;
  unit: string;
  values: number[];
  namespace: string;
  dimensions: Record<string, string>;
}

/** Telemetry whose output a test reads: the EMF lines flushed, and the log lines written. */
export interface CapturedTelemetry {
  telemetry: LambdaTelemetry;
  /** Every EMF line printed so far, parsed. */
  emf(): EmfLine[];
  /** Every metric of every EMF line printed so far. */
  metrics(): RecordedMetric[];
  /** Every structured log line written so far, parsed. */
  logs(): Record<string, unknown>[];
}

function metricsOf(line: EmfLine): RecordedMetric[] {
  return line._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map((metric) => {
      const value = line[metric.Name];
      const dimensionNames = directive.Dimensions.flat();
      return {
        name: metric.Name,
        unit: metric.Unit,
        values: Array.isArray(value) ? (value as number[]) : [value as number],
        namespace: directive.Namespace,
        dimensions: Object.fromEntries(dimensionNames.map((name) => [name, String(line[name])])),
      };
    }),
  );
}

const parsed = (calls: unknown[][]): Record<string, unknown>[] =>
  calls.flatMap(([first]) => {
    if (typeof first !== 'string') return [];
    try {
      const value = JSON.parse(first) as unknown;
      return value !== null && typeof value === 'object' ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

/**
 * The telemetry a Lambda gets (`createLambdaTelemetry`), made in Powertools' dev mode so that it
 * writes to the global `console`, which the test spies on: Powertools has no other way in to its
 * output. Metrics are switched back on (dev mode switches them off), in the namespace the CDK app
 * sets. The container is an on-demand one, as Lambda says in `AWS_LAMBDA_INITIALIZATION_TYPE`
 * (Powertools reports no cold start without it). Call from a test (or `beforeEach`): `vi.restoreAllMocks()` and `vi.unstubAllEnvs()` undo it.
 */
export function captureTelemetry(serviceName: string): CapturedTelemetry {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Syndication');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', serviceName);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const logged = [
    vi.spyOn(console, 'debug').mockImplementation(() => undefined),
    vi.spyOn(console, 'info').mockImplementation(() => undefined),
    vi.spyOn(console, 'warn').mockImplementation(() => undefined),
    vi.spyOn(console, 'error').mockImplementation(() => undefined),
  ];
  const telemetry = createLambdaTelemetry(serviceName);
  const emf = () => parsed(printed.mock.calls).filter((line) => '_aws' in line) as EmfLine[];
  return {
    telemetry,
    emf,
    metrics: () => emf().flatMap(metricsOf),
    logs: () => [
      ...parsed(printed.mock.calls).filter((line) => !('_aws' in line)),
      ...logged.flatMap((spy) => parsed(spy.mock.calls)),
    ],
  };
}

/** A Lambda invocation's context, as the runtime passes it, for request `requestId`. */
export function lambdaInvocation(requestId: string, functionName = 'Syndication-App-Ingest'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/29/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
