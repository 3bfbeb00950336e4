/**
 * What the site bucket holds, by key: the content hash of each object as last written, kept beside
 * the articles so a publish reads every hash it needs in one request instead of a HEAD per object.
 * Adapters: DynamoDB (one item per object key).
 *
 * The record may lag the bucket but must never run ahead of it: a hash is recorded only after its
 * object was written, and forgotten before an object is overwritten or deleted. A lost record then
 * costs one rewrite of the same bytes, never a skipped write.
 */
export interface SiteObjectHashes {
  /** The recorded hash of each of `keys` that has one; strongly consistent. */
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Records `hashes` (object key to hash) of objects just written. */
  record(hashes: ReadonlyMap<string, string>): Promise<void>;
  /** Forgets the hashes of `keys`, before those objects are overwritten or deleted. */
  forget(keys: readonly string[]): Promise<void>;
}
