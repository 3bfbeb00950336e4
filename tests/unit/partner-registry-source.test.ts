import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/local-credentials';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { TablePartnerDirectory } from '../../shared/config/table-partner-directory';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { loadPartnerDirectory } from '../../shared/runtime/load-partner-directory';

const base = { TABLE_NAME: 'articles', BUCKET_NAME: 'site-bucket', PUBLIC_BASE_URL: 'https://news.example' };
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PartnerSecrets-AbCdEf';

// Never sent anything: building a directory reads nothing until a partner is asked for.
const dynamodb = new DynamoDBClient(LOCAL_AWS);
afterAll(() => dynamodb.destroy());

/** The directory a Lambda with `env` builds, and whether it made a Secrets Manager client for it. */
async function directoryOf(env: Record<string, string>) {
  let secretsClients = 0;
  const directory = await loadPartnerDirectory(loadRuntimeConfig({ ...base, ...env }), {
    dynamodb,
    secretsManager: () => {
      secretsClients += 1;
      return new SecretsManagerClient(LOCAL_AWS);
    },
  });
  return { directory, secretsClients };
}

async function refusal(env: Record<string, string>): Promise<string> {
  const error = await directoryOf(env).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

describe('where a Lambda finds its partners', () => {
  it('PARTNER_REGISTRY=table reads the table, with the secret only when PARTNER_SECRET_ARN names one', async () => {
    const publisher = await directoryOf({ PARTNER_REGISTRY: 'table' });
    expect(publisher.directory).toBeInstanceOf(TablePartnerDirectory);
    expect(publisher.secretsClients).toBe(0);

    const ingest = await directoryOf({ PARTNER_REGISTRY: 'table', PARTNER_SECRET_ARN: SECRET_ARN });
    expect(ingest.directory).toBeInstanceOf(TablePartnerDirectory);
    expect(ingest.secretsClients).toBe(1);
    expect(
      loadRuntimeConfig({ ...base, PARTNER_REGISTRY: 'table', PARTNER_SECRET_ARN: SECRET_ARN }),
    ).toMatchObject({ partnerRegistry: { kind: 'table', secretId: SECRET_ARN } });
  });

  it('PARTNERS_FILE reads the registry file, secrets and all', async () => {
    const { directory } = await directoryOf({ PARTNERS_FILE: 'config/partners.local.json' });
    expect(directory).toBeInstanceOf(PartnerRegistry);
    expect((await directory.getPartner('almadar'))?.secrets).toHaveLength(1);
    const explicit = await directoryOf({
      PARTNER_REGISTRY: 'file',
      PARTNERS_FILE: 'config/partners.local.json',
    });
    expect(explicit.directory).toBeInstanceOf(PartnerRegistry);
  });

  it('no longer reads PARTNERS_JSON: a registry in the environment is gone', async () => {
    const message = await refusal({ PARTNERS_JSON: JSON.stringify({ partners: [] }) });
    expect(message).toBe('PARTNER_REGISTRY=table or PARTNERS_FILE is required');
  });

  it.each([
    [{ PARTNER_REGISTRY: 'ssm' }, 'PARTNER_REGISTRY: must be table or file'],
    [
      { PARTNER_REGISTRY: 'table', PARTNERS_FILE: 'config/partners.local.json' },
      'PARTNERS_FILE: must not be set when PARTNER_REGISTRY is table',
    ],
    [
      { PARTNERS_FILE: 'config/partners.local.json', PARTNER_SECRET_ARN: SECRET_ARN },
      'PARTNER_SECRET_ARN: is read only when PARTNER_REGISTRY is table',
    ],
    [{ PARTNER_REGISTRY: 'file' }, 'PARTNERS_FILE: is required when PARTNER_REGISTRY is file'],
    [{ PARTNER_REGISTRY: 'table', PARTNER_SECRET_ARN: '' }, 'PARTNER_SECRET_ARN'],
  ])('refuses %o with a message naming the variable', async (env, expected) => {
    expect(() => loadRuntimeConfig({ ...base, ...env })).toThrow(ConfigurationError);
    expect(await refusal(env)).toContain(expected);
  });
});
