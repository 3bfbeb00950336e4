import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import type { PartnerSecretSource } from '../../shared/ports/partner-secrets';
import type { SiteBucket } from '../../shared/ports/site-bucket';
import type { SiteObjectHashes } from '../../shared/ports/site-object-hashes';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PartnerSecrets-AbCdEf';

/** A Lambda's environment, as the CDK app sets it for a function on the table's registry. */
function stubLambdaEnvironment(env: Record<string, string>): void {
  const all = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: 'articles',
    PUBLIC_BASE_URL: 'https://news.example',
    PARTNER_REGISTRY: 'table',
    POWERTOOLS_DEV: 'true',
    ...env,
  };
  for (const [name, value] of Object.entries(all)) vi.stubEnv(name, value);
}

/** A fresh container's `lambdaContext`: the module keeps its context and configuration once made. */
async function freshLambdaContext() {
  vi.resetModules();
  return (await import('../../shared/runtime/lambda-context')).lambdaContext;
}

const bucket: SiteBucket = {
  put: async () => 'written',
  delete: async () => undefined,
} as unknown as SiteBucket;
const secrets: PartnerSecretSource = { secretsOf: async () => [] };

afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * Each function's entry names the AWS services beyond the table it uses (docs/decisions/0042); the
 * context is built from those adapters alone, and a variable naming a service the function has no
 * adapter for fails its start rather than leaving the service unused without a word.
 */
describe("a Lambda's adapters", () => {
  it('give the site bucket to a function that writes the site, through the traced client hook', async () => {
    stubLambdaEnvironment({ BUCKET_NAME: 'site-bucket' });
    const siteBucket = vi.fn(
      (_name: string, trace: <T extends object>(client: T) => T, _hashes: SiteObjectHashes) => {
        expect(trace({ client: 1 })).toEqual({ client: 1 });
        return bucket;
      },
    );
    const context = await (await freshLambdaContext())('publisher', { siteBucket });
    expect(siteBucket).toHaveBeenCalledWith('site-bucket', expect.any(Function), expect.anything());
    // With the table's record of content hashes, so a deployed publisher skips unchanged objects (decision 0039).
    const hashes = siteBucket.mock.calls[0]?.[2];
    for (const method of ['read', 'record', 'forget'] as const)
      expect(typeof hashes?.[method]).toBe('function');
    expect(context.bucket).toBe(bucket);
  });

  it('refuse BUCKET_NAME on a function that does not write the site', async () => {
    stubLambdaEnvironment({ BUCKET_NAME: 'site-bucket' });
    const start = (await freshLambdaContext())('editor');
    // The module graph is a fresh one, so its ConfigurationError is another class of the same name.
    await expect(start).rejects.toMatchObject({ name: ConfigurationError.name });
    await expect(start).rejects.toThrow(
      /BUCKET_NAME is set, but the editor function does not write the site/,
    );
  });

  it('refuse PARTNER_SECRET_ARN on a function that reads no webhook secrets', async () => {
    stubLambdaEnvironment({ PARTNER_SECRET_ARN: SECRET_ARN });
    await expect((await freshLambdaContext())('editor')).rejects.toThrow(
      /PARTNER_SECRET_ARN is set, but this function reads no webhook secrets/,
    );
  });

  it('read the webhook secrets from the secret PARTNER_SECRET_ARN names, with the adapter the ingest gives', async () => {
    stubLambdaEnvironment({ PARTNER_SECRET_ARN: SECRET_ARN });
    const partnerSecrets = vi.fn(() => secrets);
    const context = await (await freshLambdaContext())('ingest', { partnerSecrets });
    expect(partnerSecrets).toHaveBeenCalledWith(SECRET_ARN, expect.any(Function));
    // The ingest writes no site: whatever would write it fails with the variable named.
    await expect(
      context.bucket.put({
        key: 'index.html',
        body: '',
        contentType: 'text/html',
        cacheControl: 'max-age=60',
      }),
    ).rejects.toThrow(/BUCKET_NAME/);
  });
});
