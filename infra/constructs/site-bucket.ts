import { RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Properties of {@link SiteBucket}. Empty for now; later issues add options (e.g. the CDN in front).
 */
// biome-ignore lint/suspicious/noEmptyInterface: placeholder that later issues extend with options
export interface SiteBucketProps {}

/**
 * The private S3 bucket holding the published site (pages and feeds). Nothing is public: all public access
 * is blocked and requests without TLS are denied. Objects are encrypted with S3-managed keys and versioned,
 * server access logs go to a separate log bucket, and both buckets are retained on stack deletion.
 */
export class SiteBucket extends Construct {
  /** The site bucket. */
  public readonly bucket: IBucket;
  /** The bucket receiving the site bucket's server access logs. */
  public readonly accessLogsBucket: IBucket;

  constructor(scope: Construct, id: string, _props: SiteBucketProps = {}) {
    super(scope, id);
    // Grant log delivery through a bucket policy instead of the legacy LogDeliveryWrite ACL, which would need
    // ACLs enabled (ObjectWriter ownership). Scoped to this construct; set before its children exist.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogsBucket = accessLogsBucket;
  }
}
