import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { PartnerProfiles } from '../ports/partner-profiles';
import type { PartnerSecretSource } from '../ports/partner-secrets';
import { type Partner, partnerSchema, publicPartnerSchema } from './partner-registry-schema';
import type * as z from './zod';
import { describeIssues } from './zod-issues';

/** How long profiles are reused before the table is read again. */
export const PARTNER_PROFILES_MAX_AGE_MS = 60_000;

/**
 * How many partner ids the directory remembers one by one. Deliveries may name any id, known or
 * not; past this many the memory starts over rather than grow with a caller's inventions.
 */
const REMEMBERED_IDS = 1_000;

/** Options of the table partner directory. */
export interface TablePartnerDirectoryOptions {
  profiles: PartnerProfiles;
  /** The webhook secrets (the ingest); without it, partners have none and serve publishing only. */
  secrets?: PartnerSecretSource;
  /** Where the profiles live, for messages: the table's name. */
  source: string;
  /** Default {@link PARTNER_PROFILES_MAX_AGE_MS}. */
  maxAgeMs?: number;
  clock?: () => number;
}

interface Remembered<T> {
  value: T;
  readAt: number;
}

/**
 * The partner registry as it lives in AWS (docs/decisions/0029-partner-registry-in-the-table.md):
 * profiles from the table, secrets (when it has a source) from Secrets Manager, each partner
 * validated by the registry's own schema. Profiles are reused for a minute, so a container reads
 * the table about once a minute however many deliveries it serves; an id is looked up on its own,
 * so a partner added a moment ago is found by a container that listed the registry before.
 * `chromePatterns` are checked for linear time by the command that writes them (`synd partners`),
 * the only writer, so the functions need no checker.
 */
export class TablePartnerDirectory implements PartnerDirectory {
  readonly #options: TablePartnerDirectoryOptions;
  readonly #maxAgeMs: number;
  readonly #clock: () => number;
  readonly #byId = new Map<string, Remembered<unknown>>();
  #all: Remembered<unknown[]> | undefined;

  constructor(options: TablePartnerDirectoryOptions) {
    this.#options = options;
    this.#maxAgeMs = options.maxAgeMs ?? PARTNER_PROFILES_MAX_AGE_MS;
    this.#clock = options.clock ?? Date.now;
  }

  async getPartner(partnerId: string): Promise<Partner | undefined> {
    const now = this.#clock();
    let remembered = this.#byId.get(partnerId);
    if (!remembered || this.#expired(remembered, now)) {
      if (this.#byId.size >= REMEMBERED_IDS) this.#byId.clear();
      remembered = { value: await this.#options.profiles.get(partnerId), readAt: now };
      this.#byId.set(partnerId, remembered);
    }
    if (remembered.value === undefined) return undefined;
    return this.#partnerOf(remembered.value, partnerId);
  }

  async listPartners(): Promise<Partner[]> {
    const now = this.#clock();
    if (!this.#all || this.#expired(this.#all, now)) {
      this.#all = { value: await this.#options.profiles.list(), readAt: now };
    }
    const partners: Partner[] = [];
    for (const profile of this.#all.value) partners.push(await this.#partnerOf(profile, idOf(profile)));
    return partners;
  }

  #expired(remembered: Remembered<unknown>, now: number): boolean {
    return now - remembered.readAt >= this.#maxAgeMs;
  }

  /**
   * The partner of a stored profile and its secrets, validated. A partner whose secrets are missing
   * (a change half made) is kept without any: it can be published, and its deliveries are refused as
   * unsigned rather than failing the ingest.
   */
  async #partnerOf(profile: unknown, partnerId: string): Promise<Partner> {
    const source = `partner "${partnerId}" in ${this.#options.source}`;
    const secrets = this.#options.secrets ? await this.#options.secrets.secretsOf(partnerId) : [];
    let partner: Partner;
    if (secrets.length === 0) partner = validated(publicPartnerSchema, profile, source);
    else if (typeof profile !== 'object' || profile === null) {
      throw new ConfigurationError(`${source} is invalid: /: must be an object`);
    } else partner = validated(partnerSchema, { ...profile, secrets }, source);
    if (partner.id !== partnerId)
      throw new ConfigurationError(`${source} is invalid: /id: is "${partner.id}"`);
    return partner;
  }
}

/** The id a stored profile claims, for messages about it. */
function idOf(profile: unknown): string {
  const id = (profile as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '?';
}

function validated(schema: z.ZodMiniType<Partner>, document: unknown, source: string): Partner {
  const result = schema.safeParse(document);
  if (!result.success) {
    throw new ConfigurationError(`${source} is invalid: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
