import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbPartnerProfiles } from '../adapters/dynamodb/dynamodb-partner-profiles';
import { SecretsManagerPartnerSecrets } from '../adapters/secrets/secrets-manager-partner-secrets';
import { PartnerRegistry } from '../config/partner-registry';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { TablePartnerDirectory } from '../config/table-partner-directory';
import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerDirectory } from '../ports/partner-directory';
import { lambdaTelemetry } from './lambda-telemetry';
import { createPipelineContext, type PipelineContext } from './pipeline-context';

let context: Promise<PipelineContext> | undefined;
let config: RuntimeConfig | undefined;

/** The container's configuration, read from the environment and validated once. */
export function lambdaRuntimeConfig(): RuntimeConfig {
  config ??= loadRuntimeConfig();
  return config;
}

/** The clients a partner directory reads with; the Secrets Manager client is made only when needed. */
export interface PartnerDirectoryClients {
  dynamodb: DynamoDBClient;
  secretsManager?: () => SecretsManagerClient;
}

/**
 * The partner directory of a Lambda (docs/decisions/0029-partner-registry-in-the-table.md):
 * `PARTNER_REGISTRY=table` reads the profiles from the article table, and the webhook secrets from
 * the secret `PARTNER_SECRET_ARN` when it is set (the ingest; the other functions publish and need
 * none); otherwise the registry file at `PARTNERS_FILE`. Throws a `ConfigurationError` naming what is
 * missing or wrong.
 */
export async function loadPartnerDirectory(
  config: RuntimeConfig,
  clients: PartnerDirectoryClients,
): Promise<PartnerDirectory> {
  const source = config.partnerRegistry;
  if (source === undefined)
    throw new ConfigurationError('PARTNER_REGISTRY=table or PARTNERS_FILE is required');
  if (source.kind === 'file') return PartnerRegistry.fromFile(source.path);
  const secretsManager = clients.secretsManager ?? (() => new SecretsManagerClient({}));
  return new TablePartnerDirectory({
    profiles: new DynamoDbPartnerProfiles({ client: clients.dynamodb, tableName: config.tableName }),
    secrets:
      source.secretId === undefined
        ? undefined
        : new SecretsManagerPartnerSecrets({ client: secretsManager(), secretId: source.secretId }),
    source: `table ${config.tableName}`,
  });
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
    const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
    return createPipelineContext(config, {
      dynamodb,
      s3: tracer.captureAWSv3Client(new S3Client({})),
      partners: await loadPartnerDirectory(config, {
        dynamodb,
        secretsManager: () => tracer.captureAWSv3Client(new SecretsManagerClient({})),
      }),
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
