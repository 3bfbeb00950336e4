import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTableWithoutStream } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { DynamoDbArticleStore } from '../../shared/adapters/dynamodb/dynamodb-article-store';
import { DynamoDbJobStore } from '../../shared/adapters/dynamodb/dynamodb-job-store';
import { DynamoDbPartnerProfiles } from '../../shared/adapters/dynamodb/dynamodb-partner-profiles';
import { DynamoDbRateLimiter } from '../../shared/adapters/dynamodb/dynamodb-rate-limiter';
import {
  EMPTY_PARTNER_SECRETS,
  SecretsManagerPartnerSecrets,
} from '../../shared/adapters/secrets/secrets-manager-partner-secrets';
import { TablePartnerDirectory } from '../../shared/config/table-partner-directory';
import { scopeId } from '../../shared/domain/feed-scope';
import { UnauthorizedError } from '../../shared/errors/http-errors';
import { ingestDelivery } from '../../shared/ingest/ingest-delivery';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { SiteUrls } from '../../shared/render/site-urls';
import { dropTable } from '../support/drop-table';
import { englishArticle } from '../support/fixtures';
import { hasStackTrace, synd } from '../support/synd-cli';
import { BACKFILL } from '../support/test-partners';

const WHSEC = /whsec_[A-Za-z0-9+/]+={0,2}/g;

const suffix = randomUUID().slice(0, 8);
const tableName = `synd-partners-${suffix}`;
const secretId = `synd-partner-secrets-${suffix}`;
const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') });
const secretsManager = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: inject('secretsManagerEndpoint') });
const profiles = new DynamoDbPartnerProfiles({ client: dynamodb, tableName });
const secrets = new SecretsManagerPartnerSecrets({ client: secretsManager, secretId, maxAgeSeconds: 0 });

/** What an operator's shell holds: credentials, a region, and the stack outputs; here, the emulators. */
const operator = {
  AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: inject('secretsManagerEndpoint'),
  AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
  AWS_REGION: LOCAL_AWS.region,
  SYND_TABLE: tableName,
  SYND_PARTNER_SECRET: secretId,
};

const directory = mkdtempSync(join(tmpdir(), 'synd-partners-'));

/** A partner document in a file, as an operator writes it. */
function partnerFile(name: string, document: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

const PARTNER = {
  id: 'harbour-times',
  name: 'Harbour Times',
  homepage: 'https://harbour.example/',
  languages: ['en', 'fr'],
  dateWindow: BACKFILL,
};

/** A delivery from the partner signed with `secret`, through the ingest as a Lambda would read the registry. */
function deliverSignedWith(secret: string) {
  const body = JSON.stringify(
    englishArticle({ externalId: `e2e-${randomUUID()}`, url: 'https://harbour.example/a' }),
  );
  const signed = signDelivery(secret, body);
  return ingestDelivery(
    {
      partnerId: PARTNER.id,
      contentType: 'application/json',
      headers: signed.headers,
      body: new TextEncoder().encode(body),
    },
    {
      // A container started now: nothing cached from before the change.
      partners: new TablePartnerDirectory({ profiles, secrets, source: tableName }),
      store: new DynamoDbArticleStore({ client: dynamodb, tableName }),
      rateLimiter: new DynamoDbRateLimiter({ client: dynamodb, tableName }),
      urls: new SiteUrls('https://news.example'),
    },
  );
}

/** Everything the registry holds now, to show a refused command wrote nothing. */
async function registryState() {
  const { versionId, partners } = await secrets.read();
  return { profiles: await profiles.list(), versionId, partners };
}

beforeAll(async () => {
  await ensureTableWithoutStream(dynamodb, tableName);
  await secretsManager.send(new CreateSecretCommand({ Name: secretId, SecretString: EMPTY_PARTNER_SECRETS }));
});

afterAll(async () => {
  dynamodb.destroy();
  secretsManager.destroy();
  rmSync(directory, { recursive: true, force: true });
  await dropTable(tableName);
});

describe('synd partners, end to end against the table and Secrets Manager', { timeout: 120_000 }, () => {
  it('adds, lists, rotates and retires: old and new secrets both verify, then only the new', async () => {
    const added = await synd(['partners', 'add', partnerFile('harbour.json', PARTNER)], operator);
    expect(added.code, added.stderr).toBe(0);
    const [firstSecret, ...more] = added.stdout.match(WHSEC) ?? [];
    expect(more).toEqual([]);
    expect(Buffer.from(String(firstSecret).slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(added.stderr).toContain('This is the only time it is shown');

    // The job that renders the new partner's empty feeds, as the republisher will find it.
    const jobId = /Started job (\S+)/.exec(added.stdout)?.[1];
    const job = await new DynamoDbJobStore({ client: dynamodb, tableName }).get(String(jobId));
    expect(job).toMatchObject({ scope: 'feeds', state: 'running', editor: 'synd-partners' });
    expect(job?.feeds).toEqual(
      expect.arrayContaining([
        scopeId({ kind: 'partner', partnerId: PARTNER.id }),
        scopeId({ kind: 'language', language: 'fr' }),
      ]),
    );

    const listed = await synd(['partners', 'list'], operator);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')).toEqual([
      'ID             SECRETS  LANGUAGES  NAME',
      'harbour-times  1        en,fr      Harbour Times',
      '',
    ]);
    expect(listed.stdout).not.toMatch(WHSEC);

    const rotated = await synd(['partners', 'rotate', PARTNER.id], operator);
    expect(rotated.code, rotated.stderr).toBe(0);
    const [secondSecret] = rotated.stdout.match(WHSEC) ?? [];
    expect(secondSecret).toBeDefined();
    expect(secondSecret).not.toBe(firstSecret);
    expect((await synd(['partners', 'list', '--json'], operator)).stdout).toContain('"secretCount": 2');

    expect((await deliverSignedWith(String(firstSecret))).status).toBe(202);
    expect((await deliverSignedWith(String(secondSecret))).status).toBe(202);

    const retired = await synd(['partners', 'retire-secret', PARTNER.id], operator);
    expect(retired.code, retired.stderr).toBe(0);
    await expect(deliverSignedWith(String(firstSecret))).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await deliverSignedWith(String(secondSecret))).status).toBe(202);

    // One secret left: there is nothing older to retire.
    const again = await synd(['partners', 'retire-secret', PARTNER.id], operator);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('there is no older secret to retire');
  });

  it.each([
    ['a file that is not JSON', '{"id": "half', 'is not valid JSON'],
    [
      'a field the schema refuses',
      { ...PARTNER, id: 'bad-home', homepage: 'ftp://harbour.example/' },
      '/homepage:',
    ],
    ['a document carrying secrets', { ...PARTNER, id: 'with-secrets', secrets: ['whsec_x'] }, '"secrets"'],
    [
      'a chrome pattern that could take more than linear time',
      { ...PARTNER, id: 'slow-pattern', chromePatterns: ['^(a+)+$'] },
      'is invalid: /chromePatterns/0: takes',
    ],
  ])('refuses %s with exit code 2 and writes nothing', async (_name, document, expected) => {
    const before = await registryState();
    const run = await synd(['partners', 'add', partnerFile(`${randomUUID()}.json`, document)], operator);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(expected);
    expect(run.stdout).not.toMatch(WHSEC);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(await registryState()).toEqual(before);
  });

  it('refuses an id that exists, keeping its secrets, and an unknown id', async () => {
    const first = await synd(
      ['partners', 'add', partnerFile('exists.json', { ...PARTNER, id: 'exists' })],
      operator,
    );
    expect(first.code, first.stderr).toBe(0);
    const before = await registryState();
    const twice = await synd(
      ['partners', 'add', partnerFile('exists-again.json', { ...PARTNER, id: 'exists' })],
      operator,
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('partner "exists" already exists');
    expect(await registryState()).toEqual(before);

    const unknown = await synd(['partners', 'rotate', 'nobody'], operator);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no partner "nobody"');
    expect(await registryState()).toEqual(before);
  });

  it('updates a profile without touching its secrets, and removes profile and secrets', async () => {
    await synd(['partners', 'add', partnerFile('leaving.json', { ...PARTNER, id: 'leaving' })], operator);
    const secretsBefore = (await secrets.read()).partners.leaving;
    const updated = await synd(
      [
        'partners',
        'update',
        partnerFile('leaving-renamed.json', { ...PARTNER, id: 'leaving', name: 'Leaving Soon' }),
      ],
      operator,
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(await profiles.get('leaving')).toMatchObject({ name: 'Leaving Soon' });
    expect((await secrets.read()).partners.leaving).toEqual(secretsBefore);

    const removed = await synd(['partners', 'remove', 'leaving'], operator);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await profiles.get('leaving')).toBeUndefined();
    expect((await secrets.read()).partners).not.toHaveProperty('leaving');
  });

  it('says which option is missing, and which resource is not there', async () => {
    const { SYND_TABLE: _table, ...withoutTable } = operator;
    const noTable = await synd(['partners', 'list'], withoutTable);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain('pass --table or set SYND_TABLE');

    const wrongSecret = await synd(['partners', 'list', '--secret-id', 'no-such-secret'], operator);
    expect(wrongSecret.code).toBe(2);
    expect(wrongSecret.stderr).toContain('there is no secret no-such-secret');
    expect(hasStackTrace(wrongSecret.stderr)).toBe(false);
  });
});
