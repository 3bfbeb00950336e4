import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { ALMADAR_SECRET } from '../support/test-partners';

const directory = mkdtempSync(join(tmpdir(), 'chrome-patterns-'));

/** A registry file whose one partner has these chrome patterns. */
function registryWith(chromePatterns: string[]): string {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    path,
    JSON.stringify({ partners: [{ id: 'p', name: 'P', secrets: [ALMADAR_SECRET], chromePatterns }] }),
  );
  return path;
}

describe('registry chromePatterns, checked when the registry file is loaded', () => {
  it('loads patterns that match in linear time', async () => {
    const registry = await PartnerRegistry.fromFile(
      registryWith(['^Read more at ', '^(Sponsored|Advertisement)$']),
    );
    expect((await registry.getPartner('p'))?.chromePatterns).toHaveLength(2);
  });

  it.each([
    ['exponential', '^(\\w+\\s?)*$'],
    ['polynomial', '[\\s\\p{P}\\p{S}]+$'],
  ])('refuses a registry with a pattern of %s time, naming it', async (complexity, pattern) => {
    const path = registryWith(['^Read more at ', pattern]);
    const refusal = PartnerRegistry.fromFile(path);
    await expect(refusal).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refusal).rejects.toThrow(new RegExp(`/partners/0/chromePatterns/1: takes .*${complexity}`));
  });
});
