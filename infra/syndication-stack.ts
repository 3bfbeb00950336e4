import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PublicPartnerInput } from '../shared/config/partner-registry-schema';
import { ArticleTable } from './constructs/article-table';
import { PublisherFunction } from './constructs/publisher-function';
import { RepublisherFunction } from './constructs/republisher-function';
import { SiteBootstrap } from './constructs/site-bootstrap';
import { SiteBucket } from './constructs/site-bucket';

/**
 * Where pages and feeds say they live until the CDN exists: CloudFront's domain (or the site's own)
 * replaces it in the AWS issue.
 */
export const DEFAULT_PUBLIC_BASE_URL = 'https://example.com';

/**
 * Properties of {@link SyndicationStack}: the standard stack properties (env, description, ...) and the
 * publisher's settings.
 */
export interface SyndicationStackProps extends StackProps {
  /**
   * Base of every absolute URL in pages and feeds. Defaults to the CDK context value `publicBaseUrl`, else
   * {@link DEFAULT_PUBLIC_BASE_URL}.
   */
  readonly publicBaseUrl?: string;
  /** The partner registry without its secrets, for the publisher. Defaults to no partners. */
  readonly partners?: readonly PublicPartnerInput[];
}

/**
 * The syndication pipeline's stack: the article table, the published site's bucket, the publisher fed
 * by the table's stream, and the deploy-time bootstrap that makes the site exist before its first article. Later issues add the webhook and editor functions and the CDN on top of these.
 */
export class SyndicationStack extends Stack {
  /** The single DynamoDB table and its stream. */
  public readonly articleTable: ArticleTable;
  /** The private bucket of the published site. */
  public readonly siteBucket: SiteBucket;
  /** The stream consumer that renders pages and feeds into the site bucket. */
  public readonly publisher: PublisherFunction;
  /** The deploy-time step that makes the site exist before its first article. */
  public readonly siteBootstrap: SiteBootstrap;
  /** The stream consumer that runs republish jobs chunk by chunk. */
  public readonly republisher: RepublisherFunction;

  constructor(scope: Construct, id: string, props: SyndicationStackProps = {}) {
    super(scope, id, props);

    this.articleTable = new ArticleTable(this, 'ArticleTable');
    this.siteBucket = new SiteBucket(this, 'SiteBucket');
    // The publisher and the bootstrap render the same site: one set of settings for both.
    const rendering = {
      table: this.articleTable.table,
      bucket: this.siteBucket.bucket,
      publicBaseUrl:
        props.publicBaseUrl ?? this.node.tryGetContext('publicBaseUrl') ?? DEFAULT_PUBLIC_BASE_URL,
      partners: props.partners ?? [],
    };
    this.publisher = new PublisherFunction(this, 'Publisher', rendering);
    this.republisher = new RepublisherFunction(this, 'Republisher', rendering);
    this.siteBootstrap = new SiteBootstrap(this, 'SiteBootstrap', {
      ...rendering,
      executeAfter: [this.articleTable, this.siteBucket, this.publisher],
    });

    new CfnOutput(this, 'TableName', {
      description: 'Name of the article DynamoDB table',
      value: this.articleTable.table.tableName,
    });
    new CfnOutput(this, 'SiteBucketName', {
      description: 'Name of the S3 bucket holding the published site',
      value: this.siteBucket.bucket.bucketName,
    });
  }
}
