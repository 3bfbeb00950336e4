import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerPartnerSecrets } from '../adapters/secrets/secrets-manager-partner-secrets';
import type { RuntimeConfig } from '../config/runtime-config';
import type { PartnerDirectory } from '../ports/partner-directory';
import { partnerDirectoryFor } from './partner-directory-for';

/** The clients a partner directory reads with; the Secrets Manager client is made only when needed. */
export interface PartnerDirectoryClients {
  dynamodb: DynamoDBClient;
  secretsManager?: () => SecretsManagerClient;
}

/**
 * The partner directory a Lambda of this configuration builds (`partnerDirectoryFor`), its webhook
 * secrets read by Secrets Manager with `clients.secretsManager()` (a default client otherwise): for
 * tests and tools that build a function's context outside its Lambda entry.
 */
export function loadPartnerDirectory(
  config: RuntimeConfig,
  clients: PartnerDirectoryClients,
): Promise<PartnerDirectory> {
  const secretsManager = clients.secretsManager ?? (() => new SecretsManagerClient({}));
  return partnerDirectoryFor(
    config,
    clients.dynamodb,
    (secretId) => new SecretsManagerPartnerSecrets({ client: secretsManager(), secretId }),
  );
}
