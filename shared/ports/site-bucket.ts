/** One object to publish. */
export interface SiteObject {
  key: string;
  body: string;
  /** With charset, e.g. `text/html; charset=utf-8`. */
  contentType: string;
  cacheControl: string;
}

/** Whether a put wrote the object or found the same bytes already there. */
export type PutOutcome = 'written' | 'unchanged';

/** Where the public site lives. Adapters: S3 (AWS and the local S3 server). */
export interface SiteBucket {
  /** Writes the object unless the stored one has the same content hash. */
  put(object: SiteObject): Promise<PutOutcome>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}
