import { missingBucketName } from '../config/runtime-config';
import type { PutOutcome, SiteBucket } from '../ports/site-bucket';

/**
 * The site bucket of a function that runs without `BUCKET_NAME` (ingest, the editor: they never write
 * the site, so they get neither the variable nor a grant). A use case that does write the site fails
 * with the `ConfigurationError` naming the variable, rather than with an S3 error about no bucket.
 */
export class UnconfiguredSiteBucket implements SiteBucket {
  async put(): Promise<PutOutcome> {
    throw missingBucketName();
  }

  async delete(): Promise<void> {
    throw missingBucketName();
  }
}
