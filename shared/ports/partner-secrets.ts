/** Every partner's webhook secrets, newest first: `{ partnerId: ["whsec_new", "whsec_old"] }`. */
export type PartnerSecretMap = Record<string, string[]>;

/** What the ingest reads: a partner's secrets, as recently as the source's cache allows. */
export interface PartnerSecretSource {
  /** The partner's secrets, newest first; empty when it has none. */
  secretsOf(partnerId: string): Promise<string[]>;
}

/** One version of every partner's secrets, as read for a change. */
export interface PartnerSecretsVersion {
  /** What a write must still find current, so a change made in between is not lost. */
  versionId: string;
  partners: PartnerSecretMap;
}

/**
 * What the operator's command changes: the secrets read and written whole, uncached. `write` is
 * conditional on `basedOn` still being the current version; it throws
 * `PartnerSecretsChangedError` (and changes nothing readers see) when another write came first.
 */
export interface PartnerSecretStore extends PartnerSecretSource {
  read(): Promise<PartnerSecretsVersion>;
  write(partners: PartnerSecretMap, basedOn: string): Promise<void>;
}
