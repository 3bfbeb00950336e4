import { CfnOutput, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { EMPTY_PARTNER_SECRETS } from '../shared/adapters/secrets/secrets-manager-partner-secrets';
import { externalEditorIssuerFromContext } from './app-context';
import { ArticleTable } from './constructs/article-table';
import { EditorUserPool } from './constructs/editor-user-pool';
import { SiteBucket } from './constructs/site-bucket';

/**
 * The pipeline's state: the article table (articles, revisions, deliveries, jobs and the partner
 * registry's non-secret part), the published site's bucket, the partner secrets and the editors' user
 * pool (unless context `editorIssuer` names an issuer of the operator's own). Every resource is
 * retained when the stack is deleted, and the table refuses deletion too, so tearing down or
 * redeploying the application stack never loses data (docs/decisions/0027).
 */
export class SyndicationDataStack extends Stack {
  /** The single DynamoDB table and its stream. */
  public readonly articleTable: ArticleTable;
  /** The private bucket of the published site. */
  public readonly siteBucket: SiteBucket;
  /**
   * Every partner's webhook secrets in one secret: `{ "partners": { "<id>": ["whsec_new", "whsec_old"] } }`,
   * written by `synd partners add|rotate|retire-secret` and read by the ingest function only.
   */
  public readonly partnerSecrets: Secret;
  /**
   * The editors' accounts, when no external issuer is given by context (`editorIssuer`). The app stack
   * adds the console's app client and the hosted sign-in domain to it.
   */
  public readonly editorPool?: EditorUserPool;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.articleTable = new ArticleTable(this, 'ArticleTable');
    this.siteBucket = new SiteBucket(this, 'SiteBucket');
    this.partnerSecrets = new Secret(this, 'PartnerSecrets', {
      description: 'Webhook secrets of every syndication partner (synd partners add|rotate|retire-secret)',
      // The registry's shape with no partner: no secret, so it may sit in the template. CloudFormation
      // writes it at creation and never again while it stays the same, so what `synd partners
      // add|rotate` writes later survives every deployment. Never change it: a changed value would be
      // written over every partner's secrets.
      secretStringValue: SecretValue.unsafePlainText(EMPTY_PARTNER_SECRETS),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.partnerSecrets.node.defaultChild ?? this.partnerSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "A partner's webhook secret cannot be rotated by a Lambda alone: the partner must start signing with the new one. Rotation is `synd partners rotate`, which adds a second secret that is valid beside the old one until `synd partners retire-secret` removes the old (docs/partners.md).",
    });

    if (externalEditorIssuerFromContext(this) === undefined) {
      this.editorPool = new EditorUserPool(this, 'EditorPool');
      new CfnOutput(this, 'UserPoolId', {
        description: 'The editors’ Cognito user pool (aws cognito-idp admin-create-user --user-pool-id)',
        value: this.editorPool.userPoolId,
      });
    }

    new CfnOutput(this, 'TableName', {
      description: 'Name of the article DynamoDB table (synd partners --table, SYND_TABLE)',
      value: this.articleTable.table.tableName,
    });
    new CfnOutput(this, 'SiteBucketName', {
      description: 'Name of the S3 bucket holding the published site',
      value: this.siteBucket.bucket.bucketName,
    });
    new CfnOutput(this, 'PartnerSecretArn', {
      description: 'ARN of the partner secrets (synd partners --secret-id, SYND_PARTNER_SECRET)',
      value: this.partnerSecrets.secretArn,
    });
  }
}
