import { describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { loadPartnerDirectory } from '../../shared/runtime/lambda-context';

const base = { TABLE_NAME: 'articles', BUCKET_NAME: 'site-bucket', PUBLIC_BASE_URL: 'https://news.example' };

const publicPartner = {
  id: 'almadar',
  name: 'Al-Madar',
  homepage: 'https://almadar.example/',
  agreement: { canonical: 'self', robots: 'noindex' },
  carries: [{ name: 'Interregional for Strategic Analyses' }],
};

function directoryOf(env: Record<string, string>): Promise<PartnerRegistry> {
  return loadPartnerDirectory(loadRuntimeConfig({ ...base, ...env }));
}

async function refusal(env: Record<string, string>): Promise<string> {
  const error = await directoryOf(env).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

describe('the Lambda partner directory', () => {
  it('reads PARTNERS_JSON, the registry without secrets, applying the defaults', async () => {
    const directory = await directoryOf({ PARTNERS_JSON: JSON.stringify({ partners: [publicPartner] }) });
    expect(await directory.getPartner('almadar')).toEqual({
      ...publicPartner,
      aliases: [],
      carries: [{ name: 'Interregional for Strategic Analyses', aliases: [] }],
      chromePatterns: [],
      languages: [],
      rateLimit: { perMinute: 600 },
      dateWindow: { pastDays: 30 },
      secrets: [],
    });
  });

  it('prefers PARTNERS_JSON to PARTNERS_FILE, and falls back to the file', async () => {
    const fromJson = await directoryOf({
      PARTNERS_JSON: JSON.stringify({ partners: [publicPartner] }),
      PARTNERS_FILE: 'config/does-not-exist.json',
    });
    expect((await fromJson.getPartner('almadar'))?.name).toBe('Al-Madar');
    const fromFile = await directoryOf({ PARTNERS_FILE: 'config/partners.local.json' });
    expect((await fromFile.getPartner('almadar'))?.secrets).toHaveLength(1);
  });

  it('accepts what the CDK app passes: the local registry with its secrets dropped', async () => {
    const registry = await PartnerRegistry.fromFile('config/partners.local.json');
    const text = JSON.stringify({ partners: registry.listPublic() });
    expect(text).not.toContain('whsec_');
    const partner = await (await directoryOf({ PARTNERS_JSON: text })).getPartner('almadar');
    expect(partner).toEqual({ ...(await registry.getPartner('almadar')), secrets: [] });
  });

  it.each([
    [
      'a bad agreement',
      { ...publicPartner, agreement: { canonical: 'elsewhere' } },
      '/partners/0/agreement/canonical',
    ],
    [
      'a homepage that is not http(s)',
      { ...publicPartner, homepage: 'ftp://x.example/' },
      '/partners/0/homepage',
    ],
    ['secrets, which stay out of the environment', { ...publicPartner, secrets: ['whsec_x'] }, '/partners/0'],
  ])('refuses %s, naming PARTNERS_JSON and the field', async (_name, partner, pointer) => {
    const message = await refusal({ PARTNERS_JSON: JSON.stringify({ partners: [partner] }) });
    expect(message).toContain('PARTNERS_JSON is invalid');
    expect(message).toContain(`${pointer}:`);
  });

  it('names the secrets key it refuses', async () => {
    const message = await refusal({
      PARTNERS_JSON: JSON.stringify({ partners: [{ ...publicPartner, secrets: [] }] }),
    });
    expect(message).toContain('"secrets"');
  });

  it('refuses duplicate ids, text that is not JSON, and a missing registry', async () => {
    expect(
      await refusal({ PARTNERS_JSON: JSON.stringify({ partners: [publicPartner, publicPartner] }) }),
    ).toContain('duplicate partner id "almadar"');
    expect(await refusal({ PARTNERS_JSON: '{"partners": [' })).toContain('PARTNERS_JSON is not valid JSON');
    expect(await refusal({})).toBe('PARTNERS_JSON or PARTNERS_FILE is required');
  });
});
