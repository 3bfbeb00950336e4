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
    const hash = createHash('sha256')
      .update(object.contentType)
      .update('\n')
      .update(object.cacheControl)
      .update('\n')
      .update(object.body)
      .digest('hex');
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
        Metadata: { [HASH_METADATA]: hash },
      }),
    );
    return 'written';
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}
