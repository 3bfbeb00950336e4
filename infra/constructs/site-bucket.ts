import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link SiteBucket}. */
export interface SiteBucketProps {
  /**
   * Whether CloudFront distributions of this account, through origin access control, may read the site's
   * objects (`s3:GetObject` only). Defaults to `true`: the site is served by the CDN (`SiteCdn`).
   */
  readonly readableByCloudFront?: boolean;
}

/**
 * The bucket policy statement that lets CloudFront read the site through origin access control.
 *
 * It names any distribution of this account rather than the one that serves the site, because the bucket
 * lives in the data stack and the distribution in the app stack: naming the distribution here would make
 * each stack depend on the other (decision 0028). Only `s3:GetObject`: without `s3:ListBucket` a missing
 * key answers 403 instead of revealing which keys exist, and the CDN maps that 403 to the site's 404 page.
 */
export function cloudFrontReadStatement(bucket: IBucket): PolicyStatement {
  return new PolicyStatement({
    sid: 'CloudFrontReadsTheSite',
    effect: Effect.ALLOW,
    principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
    actions: ['s3:GetObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: {
      ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
      StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
    },
  });
}

/** How long a replaced or deleted object of the site stays recoverable as an older version. */
export const NONCURRENT_VERSION_DAYS = 30;

/**
 * The private S3 bucket holding the published site (pages and feeds). Nothing is public: all public access
 * is blocked and requests without TLS are denied. Objects are encrypted with S3-managed keys and versioned,
 * server access logs go to a separate log bucket, and both buckets are retained on stack deletion.
 * CloudFront distributions of the account may read its objects ({@link cloudFrontReadStatement}).
 */
export class SiteBucket extends Construct {
  /** The site bucket. */
  public readonly bucket: IBucket;
  /** The bucket receiving the site bucket's server access logs. */
  public readonly accessLogsBucket: IBucket;

  constructor(scope: Construct, id: string, props: SiteBucketProps = {}) {
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
      // Versions undo a bad publish for a while; kept for ever they would be the site's largest cost,
      // since every publish rewrites the feeds (docs/deploy.md, cost).
      lifecycleRules: [
        {
          id: 'expire-replaced-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogsBucket = accessLogsBucket;
    if (props.readableByCloudFront ?? true)
      this.bucket.addToResourcePolicy(cloudFrontReadStatement(this.bucket));
  }
}
