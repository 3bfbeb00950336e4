import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of s3rver's `FilesystemStore` whose writes this module replaces. */
export interface S3rverFilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resourceType: string): string;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
}

/** The object s3rver hands its store on a PUT. */
interface S3rverObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

const { ALLOWED_METADATA } = createRequire(import.meta.url)('s3rver/lib/models/object.js') as {
  ALLOWED_METADATA: string[];
};

/** Writes a file whole or not at all: a kill mid-write leaves the previous version, never a torn one. */
async function replaceFile(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Makes s3rver answer a PUT only once the object is on disk, and replace objects whole
 * (docs/decisions/0034-crash-safe-local-object-writes.md). s3rver 3.7.1 resolves `putObject` when the
 * request body has been read, not when its file is written, and writes in place: a `200` could come
 * before the bytes reached the file, so a kill of the local run right after the publisher had cleared
 * an article's pending marker left that article neither live nor pending.
 */
export function makeObjectWritesDurable(store: S3rverFilesystemStore): void {
  store.putMetadata = async (bucket, key, metadata, md5) => {
    const kept = Object.fromEntries(
      Object.entries(metadata).filter(
        ([name]) => ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-'),
      ),
    );
    if (md5) {
      await replaceFile(store.getResourcePath(bucket, key, 'object.md5'), (path) => writeFile(path, md5));
    }
    await replaceFile(store.getResourcePath(bucket, key, 'metadata.json'), (path) =>
      writeFile(path, JSON.stringify(kept, null, 2)),
    );
  };

  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    await replaceFile(objectPath, (path) =>
      // pipeline resolves once the file stream has finished writing (and closed), not when the body is read.
      pipeline(
        content,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            md5.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(path),
      ),
    );
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
