import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { ConfigurationError } from '../../shared/errors/configuration-error';

const valid = {
  id: 'almadar',
  name: 'Al-Madar',
  secrets: ['whsec_dGVzdC1vbmx5OmFsbWFkYXI6Y3VycmVudC1zZWNyZXQta2V5'],
};

function messageOf(document: unknown): string {
  try {
    PartnerRegistry.parse(document);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the registry to be refused');
}

describe('PartnerRegistry', () => {
  it('applies the contract defaults', async () => {
    const partner = await PartnerRegistry.parse({ partners: [valid] }).getPartner('almadar');
    expect(partner).toMatchObject({
      carries: [],
      languages: [],
      agreement: { canonical: 'original', robots: 'index' },
      rateLimit: { perMinute: 600 },
      dateWindow: { pastDays: 30 },
    });
    expect(partner?.siteFeedShare).toBeUndefined();
  });

  it('reads a cap on the site feed and a date allowance', async () => {
    const registry = PartnerRegistry.parse({
      partners: [{ ...valid, siteFeedShare: { max: 10 }, dateWindow: { pastDays: 3650 } }],
    });
    expect(await registry.getPartner('almadar')).toMatchObject({
      siteFeedShare: { max: 10 },
      dateWindow: { pastDays: 3650 },
    });
  });

  it('loads the bundled local registry', async () => {
    const registry = await PartnerRegistry.fromFile('config/partners.local.json');
    expect((await registry.getPartner('almadar'))?.carries[0]?.name).toBe(
      'Interregional for Strategic Analyses',
    );
  });

  it.each([
    ['an id with capitals', { ...valid, id: 'AlMadar' }, '/partners/0/id'],
    ['no secret', { ...valid, secrets: [] }, '/partners/0/secrets'],
    [
      'three secrets',
      { ...valid, secrets: [...valid.secrets, ...valid.secrets, ...valid.secrets] },
      '/partners/0/secrets',
    ],
    ['a secret without the whsec_ prefix', { ...valid, secrets: ['c2VjcmV0'] }, '/partners/0/secrets/0'],
    ['a short secret', { ...valid, secrets: ['whsec_c2hvcnQ='] }, '/partners/0/secrets/0'],
    [
      'an unknown canonical',
      { ...valid, agreement: { canonical: 'elsewhere' } },
      '/partners/0/agreement/canonical',
    ],
    ['a homepage that is not http(s)', { ...valid, homepage: 'ftp://x.example/' }, '/partners/0/homepage'],
    ['an unknown field', { ...valid, secret: 'x' }, '/partners/0'],
    [
      'a language that is not a BCP 47 tag',
      { ...valid, languages: ['ar', 'en_US'] },
      '/partners/0/languages/1',
    ],
    ['an empty language', { ...valid, languages: [''] }, '/partners/0/languages/0'],
    ['a private-use language', { ...valid, languages: ['en-x-visit-scam-site'] }, '/partners/0/languages/0'],
    ['a language ISO 639 does not list', { ...valid, languages: ['ar', 'zzz'] }, '/partners/0/languages/1'],
    [
      'a site feed share over the feed',
      { ...valid, siteFeedShare: { max: 51 } },
      '/partners/0/siteFeedShare/max',
    ],
    ['a negative site feed share', { ...valid, siteFeedShare: { max: -1 } }, '/partners/0/siteFeedShare/max'],
    [
      'a fractional site feed share',
      { ...valid, siteFeedShare: { max: 2.5 } },
      '/partners/0/siteFeedShare/max',
    ],
    ['a site feed share without max', { ...valid, siteFeedShare: {} }, '/partners/0/siteFeedShare/max'],
    [
      'a negative date allowance',
      { ...valid, dateWindow: { pastDays: -1 } },
      '/partners/0/dateWindow/pastDays',
    ],
    ['a date allowance in hours', { ...valid, dateWindow: { pastHours: 5 } }, '/partners/0/dateWindow'],
  ])('refuses %s, naming the field', (_name, partner, pointer) => {
    expect(messageOf({ partners: [partner] })).toContain(pointer);
  });

  it('keeps each language once, in its canonical shortest form, as articles are tagged', async () => {
    const registry = PartnerRegistry.parse({
      partners: [{ ...valid, languages: ['arb', 'AR', 'ar-EG', 'en-gb', 'pes', 'zh-hant-tw'] }],
    });
    expect((await registry.getPartner('almadar'))?.languages).toEqual(['ar', 'en', 'fa', 'zh']);
    expect((await registry.listPartners()).map((partner) => partner.id)).toEqual(['almadar']);
  });

  it('refuses duplicate ids', () => {
    expect(messageOf({ partners: [valid, valid] })).toContain('duplicate partner id "almadar"');
  });

  it('refuses a file that is not JSON, or is missing, with the file named', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'registry-'));
    const path = join(directory, 'partners.json');
    writeFileSync(path, '{ "partners": [ ');
    await expect(PartnerRegistry.fromFile(path)).rejects.toThrow(`${path} is not valid JSON`);
    await expect(PartnerRegistry.fromFile(join(directory, 'missing.json'))).rejects.toThrow(
      /cannot read the partner registry/,
    );
  });
});
