/** One object to publish. */
export interface SiteObject {
  key: string;
  /** Text (pages, feeds, stylesheet) or bytes (the ICO favicon). */
  body: string | Uint8Array;
  /** With charset for text, e.g. `text/html; charset=utf-8`. */
  contentType: string;
  cacheControl: string;
  /**
   * The status the object is served with when not 200: `410` for the page left where a taken-down
   * article was, so crawlers and readers learn it is gone for good rather than missing.
   */
  httpStatus?: 410;
}

/** How a batch of puts decides what is unchanged. */
export interface PutOptions {
  /**
   * Also ask the bucket itself about the objects the recorded hashes call current: what a rebuild does
   * (republish jobs, the deploy-time bootstrap), so an object changed or removed behind the pipeline's
   * back is written again. It costs a read per such object; objects whose bytes changed are written
   * without one (decision 0050).
   */
  verify?: boolean;
}

/** Whether a put wrote the object or found the same bytes already there. */
export type PutOutcome = 'written' | 'unchanged';

/** Where the public site lives. Adapters: S3 (AWS and the local S3 server). */
export interface SiteBucket {
  /**
   * Writes the object unless the stored one has the same content hash. A write replaces the stored
   * object whole, its status included: a page put without `httpStatus` is served 200 again.
   */
  put(object: SiteObject): Promise<PutOutcome>;
  /**
   * Puts several objects as `put` does each, with the outcome of each in order; the first failure is
   * raised once the writes already started have settled. An adapter offers it when a batch costs
   * fewer requests than its objects one by one (the S3 bucket reads and records every hash of the
   * batch at once); without it, callers put one by one.
   */
  putAll?(objects: readonly SiteObject[], options?: PutOptions): Promise<PutOutcome[]>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}
