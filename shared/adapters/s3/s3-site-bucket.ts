import { createHash } from 'node:crypto';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PutOutcome, SiteBucket, SiteObject } from '../../ports/site-bucket';

/** Options of the S3 site bucket. */
export interface S3SiteBucketOptions {
  /** An S3 client, configured by the caller (region, endpoint, path style). */
  client: S3Client;
  bucketName: string;
}

/** Metadata key holding the SHA-256 of body and headers, so an unchanged object is never rewritten. */
const HASH_METADATA = 'content-sha256';
/**
 * Metadata key of the status an object is served with when not 200 (`410` for a removed article's
 * page). S3 and CloudFront cannot store a status, so the server in front reads it from here.
 */
export const HTTP_STATUS_METADATA = 'http-status';

/** SHA-256 of everything a put stores; an object stored without a status hashes as it always has. */
function contentHash(object: SiteObject): string {
  const hash = createHash('sha256')
    .update(object.contentType)
    .update('\n')
    .update(object.cacheControl)
    .update('\n')
    .update(object.body);
  if (object.httpStatus !== undefined) hash.update(`\n${HTTP_STATUS_METADATA}: ${object.httpStatus}`);
  return hash.digest('hex');
}

function isNotFound(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || (error as { name?: string }).name === 'NotFound';
}

/**
 * The published site in S3. A put first reads the stored object's hash (a HEAD, cheaper than a
 * PUT and not billed as a write) and skips the write when nothing changed, so a republish of an
 * unchanged site costs no writes and no CDN churn.
 */
export class S3SiteBucket implements SiteBucket {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: S3SiteBucketOptions) {
    this.#client = options.client;
    this.#bucket = options.bucketName;
  }

  async put(object: SiteObject): Promise<PutOutcome> {
    const hash = contentHash(object);
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: object.key }));
      if (head.Metadata?.[HASH_METADATA] === hash) return 'unchanged';
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        CacheControl: object.cacheControl,
        // A put replaces all metadata, so republishing a removed page drops its status.
        Metadata: {
          [HASH_METADATA]: hash,
          ...(object.httpStatus === undefined ? {} : { [HTTP_STATUS_METADATA]: String(object.httpStatus) }),
        },
      }),
    );
    return 'written';
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}
