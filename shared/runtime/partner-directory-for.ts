import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbPartnerProfiles } from '../adapters/dynamodb/dynamodb-partner-profiles';
import { PartnerRegistry } from '../config/partner-registry';
import type { RuntimeConfig } from '../config/runtime-config';
import { TablePartnerDirectory } from '../config/table-partner-directory';
import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { PartnerSecretSource } from '../ports/partner-secrets';

/**
 * The partner directory a configuration names (docs/decisions/0029-partner-registry-in-the-table.md):
 * `PARTNER_REGISTRY=table` reads the profiles from the article table, and the webhook secrets from
 * `secretsAt(PARTNER_SECRET_ARN)` when that is set (the ingest; the other functions publish and need
 * none); otherwise the registry file at `PARTNERS_FILE`. The secrets' adapter is the caller's, so this
 * file imports no Secrets Manager code and only the ingest's bundle carries it. Throws a
 * `ConfigurationError` naming what is missing or wrong, or when the secret is named but the caller
 * reads no secrets.
 */
export async function partnerDirectoryFor(
  config: RuntimeConfig,
  dynamodb: DynamoDBClient,
  secretsAt?: (secretId: string) => PartnerSecretSource,
): Promise<PartnerDirectory> {
  const source = config.partnerRegistry;
  if (source === undefined)
    throw new ConfigurationError('PARTNER_REGISTRY=table or PARTNERS_FILE is required');
  if (source.kind === 'file') return PartnerRegistry.fromFile(source.path);
  if (source.secretId !== undefined && secretsAt === undefined)
    throw new ConfigurationError('PARTNER_SECRET_ARN is set, but this function reads no webhook secrets');
  return new TablePartnerDirectory({
    profiles: new DynamoDbPartnerProfiles({ client: dynamodb, tableName: config.tableName }),
    secrets: source.secretId === undefined ? undefined : secretsAt?.(source.secretId),
    source: `table ${config.tableName}`,
  });
}
