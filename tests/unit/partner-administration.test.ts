import { describe, expect, it } from 'vitest';
import {
  newWebhookSecret,
  partnerAdministration,
  validatePartnerDocument,
} from '../../shared/config/partner-administration';
import { type PublicPartner, partnerSchema } from '../../shared/config/partner-registry-schema';
import {
  NothingToRetireError,
  PartnerExistsError,
  PartnerSecretsChangedError,
  UnknownPartnerError,
} from '../../shared/errors/partner-registry-errors';
import type { JobView } from '../../shared/jobs/republish-job';
import type { PartnerProfiles } from '../../shared/ports/partner-profiles';
import type { PartnerSecretMap, PartnerSecretStore } from '../../shared/ports/partner-secrets';

/** The profiles port in memory, with the adapter's conditions. */
class MemoryProfiles implements PartnerProfiles {
  readonly stored = new Map<string, PublicPartner>();
  async get(partnerId: string) {
    return this.stored.get(partnerId);
  }
  async list() {
    return [...this.stored.values()];
  }
  async create(profile: PublicPartner) {
    if (this.stored.has(profile.id)) throw new PartnerExistsError(profile.id);
    this.stored.set(profile.id, profile);
  }
  async replace(profile: PublicPartner) {
    if (!this.stored.has(profile.id)) throw new UnknownPartnerError(profile.id);
    this.stored.set(profile.id, profile);
  }
  async delete(partnerId: string) {
    return this.stored.delete(partnerId);
  }
}

/** The secrets port in memory, versioned as Secrets Manager is; `refuseNextWrite` plays a concurrent writer. */
class MemorySecrets implements PartnerSecretStore {
  partners: PartnerSecretMap = {};
  version = 1;
  refuseNextWrite = false;
  async secretsOf(partnerId: string) {
    return this.partners[partnerId] ?? [];
  }
  async read() {
    return { versionId: String(this.version), partners: structuredClone(this.partners) };
  }
  async write(partners: PartnerSecretMap, basedOn: string) {
    if (this.refuseNextWrite || basedOn !== String(this.version)) {
      this.refuseNextWrite = false;
      throw new PartnerSecretsChangedError();
    }
    this.partners = structuredClone(partners);
    this.version += 1;
  }
}

function setUp() {
  const profiles = new MemoryProfiles();
  const secrets = new MemorySecrets();
  const jobs: string[] = [];
  let counter = 0;
  const admin = partnerAdministration({
    profiles,
    secrets,
    startFeedsJob: async () => {
      jobs.push('feeds');
      return { jobId: `job-${jobs.length}`, scope: 'feeds' } as JobView;
    },
    newSecret: () =>
      `whsec_${Buffer.from(`test-secret-number-${++counter}-padding-bytes`).toString('base64')}`,
  });
  return { admin, profiles, secrets, jobs };
}

const almadar = () => validatePartnerDocument({ id: 'almadar', name: 'Al-Madar' }, 'almadar.json');

describe('managing the registry', () => {
  it('makes secrets the registry accepts: whsec_ and 32 random bytes, never the same twice', () => {
    const secret = newWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(partnerSchema.safeParse({ id: 'x', name: 'X', secrets: [secret] }).success).toBe(true);
  });

  it('adds a partner with one secret and starts the feeds job', async () => {
    const { admin, profiles, secrets, jobs } = setUp();
    const added = await admin.add(await almadar());
    expect(profiles.stored.get('almadar')?.name).toBe('Al-Madar');
    expect(secrets.partners.almadar).toEqual([added.secret]);
    expect(jobs).toEqual(['feeds']);
  });

  it('takes the profile back when the secrets could not be written, and starts no job', async () => {
    const { admin, profiles, secrets, jobs } = setUp();
    secrets.refuseNextWrite = true;
    await expect(admin.add(await almadar())).rejects.toBeInstanceOf(PartnerSecretsChangedError);
    expect(profiles.stored.has('almadar')).toBe(false);
    expect(secrets.partners).toEqual({});
    expect(jobs).toEqual([]);
  });

  it('refuses an existing id before making any secret', async () => {
    const { admin, secrets } = setUp();
    const first = await admin.add(await almadar());
    await expect(admin.add(await almadar())).rejects.toBeInstanceOf(PartnerExistsError);
    expect(secrets.partners.almadar).toEqual([first.secret]);
  });

  it('rotates to two secrets, newest first, and a second rotation keeps only the newest old one', async () => {
    const { admin, secrets } = setUp();
    const { secret: first } = await admin.add(await almadar());
    const { secret: second } = await admin.rotate('almadar');
    expect(secrets.partners.almadar).toEqual([second, first]);
    const { secret: third } = await admin.rotate('almadar');
    expect(secrets.partners.almadar).toEqual([third, second]);
    await admin.retireSecret('almadar');
    expect(secrets.partners.almadar).toEqual([third]);
    await expect(admin.retireSecret('almadar')).rejects.toBeInstanceOf(NothingToRetireError);
  });

  it('removes profile and secrets, keeps other partners, and refuses an unknown id', async () => {
    const { admin, profiles, secrets } = setUp();
    await admin.add(await almadar());
    const other = await admin.add(
      await validatePartnerDocument({ id: 'other', name: 'Other' }, 'other.json'),
    );
    await admin.remove('almadar');
    expect([...profiles.stored.keys()]).toEqual(['other']);
    expect(secrets.partners).toEqual({ other: [other.secret] });
    await expect(admin.remove('almadar')).rejects.toBeInstanceOf(UnknownPartnerError);
    await expect(admin.rotate('almadar')).rejects.toBeInstanceOf(UnknownPartnerError);
  });

  it('lists ids, names, languages and how many secrets, never a secret', async () => {
    const { admin } = setUp();
    await admin.add(
      await validatePartnerDocument({ id: 'almadar', name: 'Al-Madar', languages: ['ar'] }, 'a'),
    );
    await admin.rotate('almadar');
    const listed = await admin.list();
    expect(listed).toEqual([{ id: 'almadar', name: 'Al-Madar', languages: ['ar'], secretCount: 2 }]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });
});
