import type { Partner } from '../config/partner-registry-schema';

/** Where the pipeline looks partners up: a file locally, the table and Secrets Manager in AWS. */
export interface PartnerDirectory {
  /** The partner with this id, or `undefined` when there is none. */
  getPartner(partnerId: string): Promise<Partner | undefined>;
  /** Every partner, for work on the whole site: the bootstrap renders each one's feeds. */
  listPartners(): Promise<Partner[]>;
}
