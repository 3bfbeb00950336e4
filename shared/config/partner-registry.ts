import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors/configuration-error';
import type { PartnerDirectory } from '../ports/partner-directory';
import { type Partner, partnerRegistrySchema } from './partner-registry-schema';
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
    const result = partnerRegistrySchema.safeParse(document);
    if (!result.success) {
      throw new ConfigurationError(`${source} is invalid: ${describeIssues(result.error)}`, {
        cause: result.error,
      });
    }
    return new PartnerRegistry(result.data.partners);
  }

  /** Reads and validates a registry JSON file. */
  static async fromFile(path: string): Promise<PartnerRegistry> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigurationError(`cannot read the partner registry at ${path}`, { cause: error });
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new ConfigurationError(`${path} is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return PartnerRegistry.parse(document, path);
  }

  async getPartner(partnerId: string): Promise<Partner | undefined> {
    return this.#partners.get(partnerId);
  }

  /** Every partner, for rebuilds and the demo. */
  list(): Partner[] {
    return [...this.#partners.values()];
  }
}
