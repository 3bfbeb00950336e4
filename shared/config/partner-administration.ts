import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors/configuration-error';
import { NothingToRetireError, UnknownPartnerError } from '../errors/partner-registry-errors';
import type { JobView } from '../jobs/republish-job';
import type { PartnerProfiles } from '../ports/partner-profiles';
import type { PartnerSecretMap, PartnerSecretStore } from '../ports/partner-secrets';
import { assertChromePatternsSafe } from './chrome-pattern-safety';
import { type PublicPartner, publicPartnerSchema } from './partner-registry-schema';
import { describeIssues } from './zod-issues';

/** What managing the registry in AWS needs. */
export interface PartnerAdministrationDependencies {
  profiles: PartnerProfiles;
  secrets: PartnerSecretStore;
  /** Starts a `feeds` republish job, so a new partner's (empty) feeds appear on the site. */
  startFeedsJob: () => Promise<JobView>;
  /** A new webhook secret; random by default. */
  newSecret?: () => string;
}

/** One line of `synd partners list`: never a secret, only how many. */
export interface PartnerSummary {
  id: string;
  name: string;
  languages: string[];
  secretCount: number;
}

/** A secret just made for a partner. */
export interface IssuedSecret {
  partnerId: string;
  /** Shown once to the operator, who passes it to the partner. */
  secret: string;
  /** How many secrets the partner now holds (two while it rotates). */
  secretCount: number;
}

/** How many bytes of key material a new secret has (Standard Webhooks suggests 24 to 64). */
const SECRET_BYTES = 32;

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * A partner document as an operator writes it for `synd partners add|update`: the registry entry
 * without `secrets` (a document with them is refused, not stripped: secrets are made here, never
 * typed), validated by the registry's schema and its chrome patterns checked for linear time.
 * Throws a `ConfigurationError` naming every bad field.
 */
export async function validatePartnerDocument(document: unknown, source: string): Promise<PublicPartner> {
  const result = publicPartnerSchema.safeParse(document);
  if (!result.success) {
    throw new ConfigurationError(`${source} is invalid: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  // The document is one partner, so its fields are named from its root.
  await assertChromePatternsSafe([result.data], source, () => '');
  const { secrets: _none, ...profile } = result.data;
  return profile;
}

/**
 * `synd partners`: the registry's two halves changed together. Profiles are written with conditions
 * (an id is added once, updated only if it exists) and the secrets document only if nobody changed it
 * since it was read, so two operators cannot lose each other's change. Where a change touches both,
 * it is ordered so that a failure half way leaves nothing a delivery could be verified against that
 * it should not be: a partner is added profile first and removed profile first.
 */
export function partnerAdministration(deps: PartnerAdministrationDependencies) {
  const newSecret = deps.newSecret ?? newWebhookSecret;

  /** Changes one partner's secrets, conditionally on the version read. */
  async function changeSecrets(
    partnerId: string,
    change: (current: string[]) => string[] | undefined,
  ): Promise<string[] | undefined> {
    const { versionId, partners } = await deps.secrets.read();
    const next = change(partners[partnerId] ?? []);
    const updated: PartnerSecretMap = { ...partners };
    if (next === undefined) delete updated[partnerId];
    else updated[partnerId] = next;
    await deps.secrets.write(updated, versionId);
    return next;
  }

  async function requireProfile(partnerId: string): Promise<void> {
    if ((await deps.profiles.get(partnerId)) === undefined) throw new UnknownPartnerError(partnerId);
  }

  return {
    /** Every partner, by id. */
    async list(): Promise<PartnerSummary[]> {
      const [profiles, { partners: secrets }] = await Promise.all([
        deps.profiles.list(),
        deps.secrets.read(),
      ]);
      return profiles
        .map((profile) => {
          const { id, name, languages } = profile as Partial<PublicPartner>;
          const partnerId = String(id);
          return {
            id: partnerId,
            name: String(name),
            languages: Array.isArray(languages) ? languages : [],
            secretCount: secrets[partnerId]?.length ?? 0,
          };
        })
        .sort((a, b) => a.id.localeCompare(b.id));
    },

    /**
     * Registers a new partner with a new secret and starts the job that renders its empty feeds.
     * Refuses an id that exists (`PartnerExistsError`), before any secret is made.
     */
    async add(profile: PublicPartner): Promise<IssuedSecret & { job: JobView }> {
      await deps.profiles.create(profile);
      const secret = newSecret();
      try {
        // A stale entry (a removal that stopped half way) is replaced, never kept beside the new one.
        await changeSecrets(profile.id, () => [secret]);
      } catch (error) {
        await deps.profiles.delete(profile.id);
        throw error;
      }
      const job = await deps.startFeedsJob();
      return { partnerId: profile.id, secret, secretCount: 1, job };
    },

    /** Replaces a partner's profile; its secrets stay as they are. */
    async update(profile: PublicPartner): Promise<void> {
      await deps.profiles.replace(profile);
    },

    /** A new secret first, and the newest old one kept: both verify until the old one is retired. */
    async rotate(partnerId: string): Promise<IssuedSecret> {
      await requireProfile(partnerId);
      const secret = newSecret();
      const secrets = await changeSecrets(partnerId, (current) => [secret, ...current.slice(0, 1)]);
      return { partnerId, secret, secretCount: secrets?.length ?? 1 };
    },

    /** Drops the older secret once the partner signs with the new one. */
    async retireSecret(partnerId: string): Promise<{ partnerId: string; secretCount: number }> {
      await requireProfile(partnerId);
      const secrets = await changeSecrets(partnerId, (current) => {
        if (current.length < 2) {
          throw new NothingToRetireError(partnerId, current.length);
        }
        return current.slice(0, 1);
      });
      return { partnerId, secretCount: secrets?.length ?? 0 };
    },

    /** Removes the profile, then the secrets: deliveries stop verifying; its articles stay. */
    async remove(partnerId: string): Promise<void> {
      if (!(await deps.profiles.delete(partnerId))) throw new UnknownPartnerError(partnerId);
      await changeSecrets(partnerId, () => undefined);
    },
  };
}
