import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerDirectory } from '../ports/partner-directory';
import { assertChromePatternsSafe } from './chrome-pattern-safety';
import {
  type Partner,
  type PublicPartner,
  partnerRegistrySchema,
  publicPartnerRegistrySchema,
} from './partner-registry-schema';
import { describeIssues } from './zod-issues';

/** An in-memory partner directory over a validated registry document. */
export class PartnerRegistry implements PartnerDirectory {
  readonly #partners: ReadonlyMap<string, Partner>;

  constructor(partners: readonly Partner[]) {
    this.#partners = new Map(partners.map((partner) => [partner.id, partner]));
  }

  /**
   * Validates a registry document. Throws a `ConfigurationError` naming every bad field, so a
   * broken registry stops the start instead of failing one delivery at a time.
   */
  static parse(document: unknown, source = 'partner registry'): PartnerRegistry {
    return PartnerRegistry.#validated(partnerRegistrySchema, document, source);
  }

  /**
   * Validates the registry's non-secret part: the same document without any `secrets` (a document that
   * has them is refused). Its partners have no secrets, so the directory serves publishing, not webhook
   * verification. Throws a `ConfigurationError` naming every bad field.
   */
  static parsePublic(document: unknown, source = 'public partner registry'): PartnerRegistry {
    return PartnerRegistry.#validated(publicPartnerRegistrySchema, document, source);
  }

  static #validated(
    schema: typeof partnerRegistrySchema | typeof publicPartnerRegistrySchema,
    document: unknown,
    source: string,
  ): PartnerRegistry {
    const result = schema.safeParse(document);
    if (!result.success) {
      throw new ConfigurationError(`${source} is invalid: ${describeIssues(result.error)}`, {
        cause: result.error,
      });
    }
    return new PartnerRegistry(result.data.partners);
  }

  /** Reads and validates a registry JSON file, its `chromePatterns` checked for linear time. */
  static async fromFile(path: string): Promise<PartnerRegistry> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigurationError(`cannot read the partner registry at ${path}`, { cause: error });
    }
    const registry = PartnerRegistry.parse(parseJson(text, path), path);
    await assertChromePatternsSafe(registry.list(), path);
    return registry;
  }

  async getPartner(partnerId: string): Promise<Partner | undefined> {
    return this.#partners.get(partnerId);
  }

  async listPartners(): Promise<Partner[]> {
    return this.list();
  }

  /** Every partner, for rebuilds and the demo. */
  list(): Partner[] {
    return [...this.#partners.values()];
  }

  /** Every partner without its secrets: the registry's non-secret part, as {@link parsePublic} reads it. */
  listPublic(): PublicPartner[] {
    return this.list().map(({ secrets: _secrets, ...partner }) => partner);
  }
}

/** `JSON.parse`, throwing a `ConfigurationError` that names where the text came from. */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${source} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
