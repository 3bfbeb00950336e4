import { S3Client } from '@aws-sdk/client-s3';
import { S3SiteBucket } from '../adapters/s3/s3-site-bucket';
import type { LambdaAdapters } from './lambda-context';

/**
 * The site bucket of a Lambda that writes the site (publisher, republisher, site-bootstrap), through
 * a traced S3 client: the one place a function's bundle takes the S3 client from.
 */
export const s3SiteBucket: NonNullable<LambdaAdapters['siteBucket']> = (bucketName, trace, hashes) =>
  new S3SiteBucket({ client: trace(new S3Client({})), bucketName, hashes });
