import { createHash } from 'node:crypto';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PutOptions, PutOutcome, SiteBucket, SiteObject } from '../../ports/site-bucket';
import type { SiteObjectHashes } from '../../ports/site-object-hashes';
import { writePool } from '../../publish/write-pool';

/** Options of the S3 site bucket. */
export interface S3SiteBucketOptions {
  /** An S3 client, configured by the caller (region, endpoint, path style). */
  client: S3Client;
  bucketName: string;
  /**
   * Where the hash of every object written is recorded (the article table). Without it, each put
   * first reads the stored object's hash with a HEAD.
   */
  hashes?: SiteObjectHashes;
  /** PUTs in flight at once; 8 by default. */
  writeConcurrency?: number;
}

/** Metadata key holding the SHA-256 of body and headers, so an unchanged object is never rewritten. */
const HASH_METADATA = 'content-sha256';
/**
 * Metadata key of the status an object is served with when not 200 (`410` for a removed article's
 * page). S3 and CloudFront cannot store a status, so the server in front reads it from here.
 */
export const HTTP_STATUS_METADATA = 'http-status';

/** The SigV4 header of the payload's SHA-256, which the signer reads rather than hashing the body again. */
const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';

/**
 * S3 round trips dominate a publish: a handful in flight cuts its time several-fold, and more than
 * that only queue at the other end.
 */
const DEFAULT_WRITE_CONCURRENCY = 8;

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
 * The published site in S3. An object whose hash matches the one last written is not written again,
 * so a republish of an unchanged site costs no writes and no CDN churn. The hashes are read from the
 * table, all those of a batch in one request (docs/decisions/0039-content-hashes-in-the-table.md);
 * each object still carries its own in its metadata.
 *
 * A changed object's recorded hash is forgotten before it is overwritten, and the new one recorded
 * after: whatever fails in between, the record never claims bytes the bucket does not hold.
 */
export class S3SiteBucket implements SiteBucket {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #hashes: SiteObjectHashes | undefined;
  readonly #concurrency: number;

  constructor(options: S3SiteBucketOptions) {
    this.#client = options.client;
    this.#bucket = options.bucketName;
    this.#hashes = options.hashes;
    this.#concurrency = options.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY;
  }

  async put(object: SiteObject): Promise<PutOutcome> {
    const [outcome] = await this.putAll([object]);
    return outcome as PutOutcome;
  }

  async putAll(objects: readonly SiteObject[], options: PutOptions = {}): Promise<PutOutcome[]> {
    const hashes = objects.map(contentHash);
    const hashStore = this.#hashes;
    const stored = hashStore
      ? await hashStore.read(objects.map((object) => object.key))
      : new Map<string, string>();
    // What the table records as already holding these bytes; with no table, anything may.
    const current: number[] = [];
    const changed: number[] = [];
    for (const [index, object] of objects.entries())
      (!hashStore || stored.get(object.key) === hashes[index] ? current : changed).push(index);
    // New bytes are written whatever the bucket holds. A rebuild asks the bucket only about the
    // objects the table calls current, so a template change costs a PUT per object, not a HEAD and a
    // PUT, and an object changed behind the table's back is still found (decision 0050).
    if (options.verify || !hashStore) {
      changed.push(...(await this.#differingInBucket(objects, hashes, current)));
    }
    const outcomes: PutOutcome[] = objects.map(() => 'unchanged');
    if (changed.length === 0) return outcomes;
    const written = new Map<string, string>();
    const overwritten = changed.flatMap((index) => {
      const key = (objects[index] as SiteObject).key;
      return stored.has(key) ? [key] : [];
    });
    if (hashStore && overwritten.length > 0) await hashStore.forget(overwritten);
    const pool = writePool(this.#concurrency);
    for (const index of changed) {
      const object = objects[index] as SiteObject;
      await pool.add(async () => {
        await this.#write(object, hashes[index] as string);
        outcomes[index] = 'written';
        written.set(object.key, hashes[index] as string);
      });
    }
    try {
      await pool.drain();
    } finally {
      // Recorded even when some write failed: those that succeeded need not be written again.
      if (hashStore && written.size > 0) await hashStore.record(written);
    }
    return outcomes;
  }

  async delete(key: string): Promise<void> {
    await this.#hashes?.forget([key]);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  /** Those of `among` (indexes of `objects`) whose bytes the bucket does not hold, by a HEAD of each. */
  async #differingInBucket(
    objects: readonly SiteObject[],
    hashes: readonly string[],
    among: readonly number[],
  ): Promise<number[]> {
    const differing: number[] = [];
    const pool = writePool(this.#concurrency);
    for (const index of among) {
      await pool.add(async () => {
        const key = (objects[index] as SiteObject).key;
        if (!(await this.#headMatches(key, hashes[index] as string))) differing.push(index);
      });
    }
    await pool.drain();
    return differing;
  }

  async #headMatches(key: string, hash: string): Promise<boolean> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return head.Metadata?.[HASH_METADATA] === hash;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return false;
    }
  }

  async #write(object: SiteObject, hash: string): Promise<void> {
    const body = typeof object.body === 'string' ? Buffer.from(object.body) : object.body;
    const digest = createHash('sha256').update(body).digest();
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: object.key,
      Body: body,
      ContentType: object.contentType,
      CacheControl: object.cacheControl,
      // S3 checks the bytes against this, in place of the CRC32 the SDK would otherwise compute (decision 0054).
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: digest.toString('base64'),
      // A put replaces all metadata, so republishing a removed page drops its status.
      Metadata: {
        [HASH_METADATA]: hash,
        ...(object.httpStatus === undefined ? {} : { [HTTP_STATUS_METADATA]: String(object.httpStatus) }),
      },
    });
    // The same digest signs the request: the signer takes a payload hash already in the headers.
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers[PAYLOAD_HASH_HEADER] =
          digest.toString('hex');
        return next(args);
      },
      { step: 'build', name: 'payloadHashOfSiteObject' },
    );
    await this.#client.send(command);
  }
}
