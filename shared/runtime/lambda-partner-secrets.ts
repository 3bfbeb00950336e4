import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerPartnerSecrets } from '../adapters/secrets/secrets-manager-partner-secrets';
import type { LambdaAdapters } from './lambda-context';

/**
 * The partners' webhook secrets of the ingest Lambda, read through a traced Secrets Manager client:
 * the one place a function's bundle takes the Secrets Manager client from.
 */
export const secretsManagerPartnerSecrets: NonNullable<LambdaAdapters['partnerSecrets']> = (
  secretId,
  trace,
) => new SecretsManagerPartnerSecrets({ client: trace(new SecretsManagerClient({})), secretId });
