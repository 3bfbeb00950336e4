/** A lease that lets one publisher at a time read the table and write the site. */
export interface PublishLock {
  /** Takes the lease for `ttlMs` unless another owner holds an unexpired one; true when taken. */
  acquire(owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `owner` still holds it. */
  release(owner: string): Promise<void>;
}
