import type { PublicPartner } from '../config/partner-registry-schema';

/**
 * The partner registry's non-secret part, one document per partner (in AWS, items of the article
 * table). Documents come back as stored, unvalidated: the directory validates them with the
 * registry's schema, so a hand-edited item is refused with the field named.
 */
export interface PartnerProfiles {
  /** The stored document of one partner, or `undefined`. */
  get(partnerId: string): Promise<unknown>;
  /** Every stored document, in id order. */
  list(): Promise<unknown[]>;
  /** Stores a new partner; throws `PartnerExistsError` if the id is taken (nothing written). */
  create(profile: PublicPartner): Promise<void>;
  /** Replaces a partner's document; throws `UnknownPartnerError` if there is none (nothing written). */
  replace(profile: PublicPartner): Promise<void>;
  /** Deletes a partner's document; false if there was none. */
  delete(partnerId: string): Promise<boolean>;
}
