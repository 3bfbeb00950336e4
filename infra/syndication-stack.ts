import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArticleTable } from './constructs/article-table';
import { SiteBucket } from './constructs/site-bucket';

/**
 * Properties of {@link SyndicationStack}: the standard stack properties (env, description, ...).
 */
export interface SyndicationStackProps extends StackProps {}

/**
 * The syndication pipeline's stack: the article table and the published site's bucket. Later issues add the
 * webhook, publisher and editor functions on top of these.
 */
export class SyndicationStack extends Stack {
  /** The single DynamoDB table and its stream. */
  public readonly articleTable: ArticleTable;
  /** The private bucket of the published site. */
  public readonly siteBucket: SiteBucket;

  constructor(scope: Construct, id: string, props: SyndicationStackProps = {}) {
    super(scope, id, props);

    this.articleTable = new ArticleTable(this, 'ArticleTable');
    this.siteBucket = new SiteBucket(this, 'SiteBucket');

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
