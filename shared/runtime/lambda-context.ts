import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { PartnerRegistry } from '../config/partner-registry';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { ConfigurationError } from '../errors/configuration-error';
import { lambdaTelemetry } from './lambda-telemetry';
import { createPipelineContext, type PipelineContext } from './pipeline-context';

let context: Promise<PipelineContext> | undefined;
let config: RuntimeConfig | undefined;

/** The container's configuration, read from the environment and validated once. */
export function lambdaRuntimeConfig(): RuntimeConfig {
  config ??= loadRuntimeConfig();
  return config;
}

/**
 * The partner directory of a Lambda: `PARTNERS_JSON` (the registry's non-secret part, as the CDK app sets
 * it on the publisher) when set, else the registry file at `PARTNERS_FILE`. A directory read from
 * `PARTNERS_JSON` has no webhook secrets, so it serves publishing only; ingest needs `PARTNERS_FILE` until
 * secrets move to Secrets Manager. Throws a `ConfigurationError` naming the bad field.
 */
export async function loadPartnerDirectory(config: RuntimeConfig): Promise<PartnerRegistry> {
  if (config.partnersJson !== undefined) return PartnerRegistry.fromPublicJson(config.partnersJson);
  if (config.partnersFile !== undefined) return PartnerRegistry.fromFile(config.partnersFile);
  throw new ConfigurationError('PARTNERS_JSON or PARTNERS_FILE is required');
}

/**
 * The context of a Lambda container, built on first use and kept for the container's life:
 * configuration is validated once, clients are reused across invocations. It logs and records metrics
 * with the container's telemetry (`lambdaTelemetry`), whose tracer captures every AWS client.
 */
export function lambdaContext(serviceName: string): Promise<PipelineContext> {
  context ??= (async () => {
    const config = lambdaRuntimeConfig();
    const { logger, metrics, tracer } = lambdaTelemetry(serviceName);
    return createPipelineContext(config, {
      dynamodb: tracer.captureAWSv3Client(new DynamoDBClient({})),
      s3: tracer.captureAWSv3Client(new S3Client({})),
      partners: await loadPartnerDirectory(config),
      logger,
      metrics,
    });
  })();
  // A failed start (a bad variable, a registry that did not parse) is retried by the next
  // invocation rather than cached for the container's life.
  context.catch(() => {
    context = undefined;
  });
  return context;
}
