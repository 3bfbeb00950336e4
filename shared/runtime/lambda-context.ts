import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbSiteObjectHashes } from '../adapters/dynamodb/dynamodb-site-object-hashes';
import type { ReleaseScheduleSettings } from '../adapters/scheduler/eventbridge-release-scheduler';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerSecretSource } from '../ports/partner-secrets';
import type { ReleaseScheduler } from '../ports/release-scheduler';
import type { SiteBucket } from '../ports/site-bucket';
import type { SiteObjectHashes } from '../ports/site-object-hashes';
import { assemblePipelineContext } from './assemble-pipeline-context';
import { lambdaTelemetry } from './lambda-telemetry';
import { partnerDirectoryFor } from './partner-directory-for';
import type { PipelineContext } from './pipeline-context';
import { UnconfiguredSiteBucket } from './unconfigured-site-bucket';

let context: Promise<PipelineContext> | undefined;
let config: RuntimeConfig | undefined;

/** The container's configuration, read from the environment and validated once. */
export function lambdaRuntimeConfig(): RuntimeConfig {
  config ??= loadRuntimeConfig();
  return config;
}

/** Hands an AWS client to the container's tracer, which then traces its every call. */
export type TraceClient = <Client extends object>(client: Client) => Client;

/**
 * What a function's entry adds to its context beyond the table: the AWS services only some functions
 * use, each made by an adapter the function's `handler.ts` imports, so the functions that do not use a
 * service do not bundle its client (docs/decisions/0042-lean-lambda-bundles.md). A variable naming a
 * service the function has no adapter for is a wiring fault: its start fails with a `ConfigurationError`.
 */
export interface LambdaAdapters {
  /** The site bucket `BUCKET_NAME` names: the functions that write the site. */
  siteBucket?: (bucketName: string, trace: TraceClient, hashes: SiteObjectHashes) => SiteBucket;
  /** The webhook secrets in the secret `PARTNER_SECRET_ARN` names: the ingest. */
  partnerSecrets?: (secretId: string, trace: TraceClient) => PartnerSecretSource;
  /** The embargo releases the `RELEASE_*` settings describe: the ingest. */
  releaseScheduler?: (settings: ReleaseScheduleSettings, trace: TraceClient) => ReleaseScheduler;
}

/**
 * The context of a Lambda container, built on first use and kept for the container's life:
 * configuration is validated once, clients are reused across invocations. It logs and records metrics
 * with the container's telemetry (`lambdaTelemetry`), whose tracer captures every AWS client.
 */
export function lambdaContext(serviceName: string, adapters: LambdaAdapters = {}): Promise<PipelineContext> {
  context ??= (async () => {
    const config = lambdaRuntimeConfig();
    const { logger, metrics, tracer } = lambdaTelemetry(serviceName);
    const trace: TraceClient = (client) => tracer.captureAWSv3Client(client);
    const dynamodb = trace(new DynamoDBClient({}));
    const { siteBucket, partnerSecrets, releaseScheduler } = adapters;
    if (config.bucketName !== undefined && siteBucket === undefined)
      throw new ConfigurationError(
        `BUCKET_NAME is set, but the ${serviceName} function does not write the site`,
      );
    return assemblePipelineContext(config, {
      dynamodb,
      bucket:
        config.bucketName === undefined || siteBucket === undefined
          ? new UnconfiguredSiteBucket()
          : siteBucket(
              config.bucketName,
              trace,
              new DynamoDbSiteObjectHashes({ client: dynamodb, tableName: config.tableName }),
            ),
      partners: await partnerDirectoryFor(
        config,
        dynamodb,
        partnerSecrets && ((secretId) => partnerSecrets(secretId, trace)),
      ),
      logger,
      metrics,
      ...(config.releaseSchedule && releaseScheduler
        ? { releases: releaseScheduler(config.releaseSchedule, trace) }
        : {}),
    });
  })();
  // A failed start (a bad variable, a registry that did not parse) is retried by the next
  // invocation rather than cached for the container's life.
  context.catch(() => {
    context = undefined;
  });
  return context;
}
