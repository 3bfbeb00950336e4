import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbPartnerProfiles } from '../../shared/adapters/dynamodb/dynamodb-partner-profiles';
import { type PublicPartnerInput, publicPartnerSchema } from '../../shared/config/partner-registry-schema';

/** Where a registry was put: the secret's ARN, for `PARTNER_SECRET_ARN`. */
export interface AwsPartnerRegistry {
  secretArn: string;
}

/**
 * Puts a registry document where a deployment keeps it (docs/decisions/0029-partner-registry-in-the-table.md):
 * each partner's public profile as a `PARTNERS` item of the table, every partner's webhook secrets in
 * one Secrets Manager secret named `secretName`.
 */
export async function putAwsPartnerRegistry(options: {
  dynamodb: DynamoDBClient;
  secretsManager: SecretsManagerClient;
  tableName: string;
  secretName: string;
  /** A registry file's document: partners with their `secrets`. */
  document: { partners: readonly (PublicPartnerInput & { secrets?: readonly string[] })[] };
}): Promise<AwsPartnerRegistry> {
  const profiles = new DynamoDbPartnerProfiles({ client: options.dynamodb, tableName: options.tableName });
  const secrets: Record<string, string[]> = {};
  for (const { secrets: partnerSecrets, ...profile } of options.document.partners) {
    const { secrets: _none, ...parsed } = publicPartnerSchema.parse(profile);
    await profiles.create(parsed);
    secrets[profile.id] = [...(partnerSecrets ?? [])];
  }
  const { ARN } = await options.secretsManager.send(
    new CreateSecretCommand({
      Name: options.secretName,
      SecretString: JSON.stringify({ partners: secrets }),
    }),
  );
  if (ARN === undefined) throw new Error(`Secrets Manager gave ${options.secretName} no ARN`);
  return { secretArn: ARN };
}
