import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { ensureTableWithoutStream } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { documentClientFor } from '../../shared/adapters/dynamodb/document-client';
import { DynamoDbArticleStore } from '../../shared/adapters/dynamodb/dynamodb-article-store';
import { DynamoDbPartnerProfiles } from '../../shared/adapters/dynamodb/dynamodb-partner-profiles';
import { DynamoDbRateLimiter } from '../../shared/adapters/dynamodb/dynamodb-rate-limiter';
import { keys } from '../../shared/adapters/dynamodb/table-design';
import {
  EMPTY_PARTNER_SECRETS,
  SecretsManagerPartnerSecrets,
} from '../../shared/adapters/secrets/secrets-manager-partner-secrets';
import { validatePartnerDocument } from '../../shared/config/partner-administration';
import { TablePartnerDirectory } from '../../shared/config/table-partner-directory';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { UnauthorizedError } from '../../shared/errors/http-errors';
import { PartnerExistsError, PartnerSecretsChangedError } from '../../shared/errors/partner-registry-errors';
import { ingestDelivery } from '../../shared/ingest/ingest-delivery';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { SiteUrls } from '../../shared/render/site-urls';
import { dropTable } from '../support/drop-table';
import { englishArticle } from '../support/fixtures';
import { BACKFILL } from '../support/test-partners';

const OLD_SECRET = 'whsec_dGVzdC1vbmx5OnRhYmxlOm9sZC1zZWNyZXQta2V5LTAwMDAwMDA=';
const NEW_SECRET = 'whsec_dGVzdC1vbmx5OnRhYmxlOm5ldy1zZWNyZXQta2V5LTAwMDAwMDA=';
const NOBODYS_SECRET = 'whsec_dGVzdC1vbmx5OnRhYmxlOm5vYm9keXMtc2VjcmV0LWtleS0wMDA=';

const PROFILE = {
  id: 'other-outlet',
  name: 'Other Outlet',
  homepage: 'https://other.example/',
  languages: ['EN'],
  dateWindow: BACKFILL,
};

const suffix = randomUUID().slice(0, 8);
const tableName = `partners-${suffix}`;
const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
const secretsManager = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: inject('secretsManagerEndpoint') });
const profiles = new DynamoDbPartnerProfiles({ client: dynamodb, tableName });

/** Each test has its own secret, so a value one test wrote is never another's. */
let secrets: SecretsManagerPartnerSecrets;
/** What Lambdas would build: the ingest's directory reads the secret, the publisher's does not. */
let ingestDirectory: TablePartnerDirectory;

async function setSecrets(partners: Record<string, string[]>): Promise<void> {
  const { versionId } = await secrets.read();
  await secrets.write(partners, versionId);
}

/** A delivery from other-outlet signed with `secret`, through the real ingest on the table. */
function deliverSignedWith(secret: string, directory = ingestDirectory) {
  const body = JSON.stringify(englishArticle({ externalId: `signed-${randomUUID()}` }));
  const signed = signDelivery(secret, body);
  return ingestDelivery(
    {
      partnerId: 'other-outlet',
      contentType: 'application/json',
      headers: signed.headers,
      body: new TextEncoder().encode(body),
    },
    {
      partners: directory,
      store: new DynamoDbArticleStore({ client: dynamodb, tableName }),
      rateLimiter: new DynamoDbRateLimiter({ client: dynamodb, tableName }),
      urls: new SiteUrls('https://news.example'),
    },
  );
}

beforeAll(async () => {
  await ensureTableWithoutStream(dynamodb, tableName);
});

afterAll(async () => {
  dynamodb.destroy();
  secretsManager.destroy();
  await dropTable(tableName);
});

beforeEach(async () => {
  // Only Date is faked: the directory and Powertools' cache both judge age by it, and the clients'
  // sockets and timers run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date());
  const secretId = `partner-secrets-${randomUUID()}`;
  await secretsManager.send(new CreateSecretCommand({ Name: secretId, SecretString: EMPTY_PARTNER_SECRETS }));
  secrets = new SecretsManagerPartnerSecrets({ client: secretsManager, secretId });
  ingestDirectory = new TablePartnerDirectory({ profiles, secrets, source: `table ${tableName}` });
  await profiles.delete(PROFILE.id);
  await profiles.create(await validatePartnerDocument(PROFILE, 'test partner'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the partner registry in the table and Secrets Manager', () => {
  it('gives a partner its profile from the table and its secrets from the secret, validated and with defaults', async () => {
    await setSecrets({ 'other-outlet': [NEW_SECRET, OLD_SECRET] });
    const partner = await ingestDirectory.getPartner('other-outlet');
    expect(partner).toEqual({
      ...PROFILE,
      languages: ['en'],
      aliases: [],
      carries: [],
      chromePatterns: [],
      agreement: { canonical: 'original', robots: 'index' },
      rateLimit: { perMinute: 600 },
      secrets: [NEW_SECRET, OLD_SECRET],
    });
    expect(await ingestDirectory.listPartners()).toEqual([partner]);
    expect(await ingestDirectory.getPartner('nobody')).toBeUndefined();
  });

  it('gives the functions that only publish the same partners without any secret', async () => {
    await setSecrets({ 'other-outlet': [NEW_SECRET] });
    const publishing = new TablePartnerDirectory({ profiles, source: `table ${tableName}` });
    const partner = await publishing.getPartner('other-outlet');
    expect(partner?.name).toBe('Other Outlet');
    expect(partner?.secrets).toEqual([]);
  });

  it('verifies a delivery signed with either of two secrets, and refuses any other', async () => {
    await setSecrets({ 'other-outlet': [NEW_SECRET, OLD_SECRET] });
    expect((await deliverSignedWith(NEW_SECRET)).status).toBe(202);
    expect((await deliverSignedWith(OLD_SECRET)).status).toBe(202);
    await expect(deliverSignedWith(NOBODYS_SECRET)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('reuses what it read for a minute, then sees a rotation and a profile change', async () => {
    await setSecrets({ 'other-outlet': [OLD_SECRET] });
    expect((await ingestDirectory.getPartner('other-outlet'))?.secrets).toEqual([OLD_SECRET]);

    await setSecrets({ 'other-outlet': [NEW_SECRET, OLD_SECRET] });
    await profiles.replace(await validatePartnerDocument({ ...PROFILE, name: 'Renamed Outlet' }, 'test'));
    vi.advanceTimersByTime(59_000);
    const within = await ingestDirectory.getPartner('other-outlet');
    expect(within?.secrets).toEqual([OLD_SECRET]);
    expect(within?.name).toBe('Other Outlet');
    await expect(deliverSignedWith(NEW_SECRET)).rejects.toBeInstanceOf(UnauthorizedError);

    vi.advanceTimersByTime(2_000);
    const after = await ingestDirectory.getPartner('other-outlet');
    expect(after?.secrets).toEqual([NEW_SECRET, OLD_SECRET]);
    expect(after?.name).toBe('Renamed Outlet');
    expect((await deliverSignedWith(NEW_SECRET)).status).toBe(202);
  });

  it('finds a partner added after the registry was listed, without waiting for the list to expire', async () => {
    const before = await ingestDirectory.listPartners();
    await profiles.create(await validatePartnerDocument({ id: 'newcomer', name: 'Newcomer' }, 'test'));
    expect((await ingestDirectory.getPartner('newcomer'))?.name).toBe('Newcomer');
    expect(await ingestDirectory.listPartners()).toEqual(before);
    await profiles.delete('newcomer');
  });

  it('refuses a profile the table holds that breaks the registry schema, naming the field', async () => {
    await documentClientFor(dynamodb).send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.partnerProfile('broken'),
          entity: 'Partner',
          profile: { id: 'broken', name: 'Broken', homepage: 'ftp://x.example/' },
        },
      }),
    );
    const refusal = ingestDirectory.getPartner('broken');
    await expect(refusal).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refusal).rejects.toThrow(`partner "broken" in table ${tableName} is invalid: /homepage:`);
    await profiles.delete('broken');
  });

  it('refuses a secret that is not a webhook secret without quoting it', async () => {
    await setSecrets({ 'other-outlet': ['not-a-whsec-secret'] });
    const refusal = ingestDirectory.getPartner('other-outlet');
    await expect(refusal).rejects.toThrow('/secrets/0: must be "whsec_" followed by base64');
    await expect(refusal).rejects.not.toThrow('not-a-whsec-secret');
  });

  it('adds an id once, and writes the secrets only over the version it read', async () => {
    await expect(profiles.create(await validatePartnerDocument(PROFILE, 'test'))).rejects.toBeInstanceOf(
      PartnerExistsError,
    );
    const read = await secrets.read();
    await secrets.write({ 'other-outlet': [NEW_SECRET] }, read.versionId);
    await expect(secrets.write({ 'other-outlet': [OLD_SECRET] }, read.versionId)).rejects.toBeInstanceOf(
      PartnerSecretsChangedError,
    );
    expect((await secrets.read()).partners).toEqual({ 'other-outlet': [NEW_SECRET] });
  });
});
