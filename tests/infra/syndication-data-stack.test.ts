import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NONCURRENT_VERSION_DAYS } from '../../infra/constructs/site-bucket';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design';
import { EMPTY_PARTNER_SECRETS } from '../../shared/adapters/secrets/secrets-manager-partner-secrets';
import { removeAssemblies, synthesizeApp } from '../support/synthesized-app';

afterAll(removeAssemblies);

describe('SyndicationDataStack', () => {
  let template: Template;

  beforeAll(() => {
    template = synthesizeApp().dataTemplate;
  });

  it('holds the state and nothing else: one table, the site and log buckets, one secret, the editors’ pool', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map((resource) => resource.Type)
      .filter((type) => type !== 'AWS::S3::BucketPolicy');
    expect(types.sort()).toEqual(
      [
        'AWS::DynamoDB::Table',
        'AWS::S3::Bucket',
        'AWS::S3::Bucket',
        'AWS::SecretsManager::Secret',
        'AWS::Cognito::UserPool',
      ].sort(),
    );
  });

  it('retains every resource when the stack is deleted or a resource replaced', () => {
    for (const resource of Object.values(
      template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>,
    )) {
      if (resource.Type === 'AWS::S3::BucketPolicy') continue;
      expect(resource, resource.Type).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });

  describe('article table', () => {
    it('is a single on-demand table keyed by pk (S) and sk (S)', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
      });
    });

    it('streams new and old images', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
    });

    it('expires items on the TTL attribute of the table design', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      });
    });

    it.each([TABLE_DESIGN.byPartnerIndex, TABLE_DESIGN.catalogIndex])(
      'has the keys-only GSI $name with string keys',
      (index) => {
        template.hasResourceProperties('AWS::DynamoDB::Table', {
          GlobalSecondaryIndexes: Match.arrayWith([
            {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ]),
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: index.partitionKey, AttributeType: 'S' },
            { AttributeName: index.sortKey, AttributeType: 'S' },
          ]),
        });
      },
    );

    it('has exactly the two GSIs of the table design', () => {
      const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
      const names = tables[0]?.Properties.GlobalSecondaryIndexes.map(
        (gsi: { IndexName: string }) => gsi.IndexName,
      );
      expect(names?.sort()).toEqual(
        [TABLE_DESIGN.byPartnerIndex.name, TABLE_DESIGN.catalogIndex.name].sort(),
      );
    });

    it('has point-in-time recovery and AWS-managed encryption', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    });

    it('refuses deletion by hand as well (deletion protection)', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    });

    it('outputs the table name, for synd partners --table', () => {
      template.hasOutput('TableName', { Value: { Ref: template.getResourceId('AWS::DynamoDB::Table') } });
    });
  });

  describe('site bucket', () => {
    const siteBucketProps = { VersioningConfiguration: { Status: 'Enabled' } };

    it('blocks all public access and encrypts, on every bucket', () => {
      template.resourceCountIs('AWS::S3::Bucket', 2);
      template.allResourcesProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
    });

    it('lets replaced versions expire, so the feeds every publish rewrites do not pile up for ever', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        ...siteBucketProps,
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            }),
          ],
        },
      });
    });

    it('is versioned and logs server access to the other bucket', () => {
      const logBucketId = template.getResourceId('AWS::S3::Bucket', {
        Properties: Match.not(Match.objectLike(siteBucketProps)),
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        ...siteBucketProps,
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: logBucketId } }),
      });
    });

    it('has a bucket policy denying requests without TLS', () => {
      const siteBucketId = template.getResourceId('AWS::S3::Bucket', { Properties: siteBucketProps });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: siteBucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('outputs the site bucket name', () => {
      const siteBucketId = template.getResourceId('AWS::S3::Bucket', { Properties: siteBucketProps });
      template.hasOutput('SiteBucketName', { Value: { Ref: siteBucketId } });
    });
  });

  describe('partner secrets', () => {
    it('start as the empty registry, which holds no secret, so the template carries none', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        SecretString: EMPTY_PARTNER_SECRETS,
        GenerateSecretString: Match.absent(),
      });
      expect(JSON.parse(EMPTY_PARTNER_SECRETS)).toEqual({ partners: {} });
    });

    it('outputs the secret ARN, for synd partners --secret-id', () => {
      template.hasOutput('PartnerSecretArn', {
        Value: { Ref: template.getResourceId('AWS::SecretsManager::Secret') },
      });
    });
  });

  describe('editors’ user pool', () => {
    it('outputs the pool id, for creating editors (aws cognito-idp admin-create-user)', () => {
      template.hasOutput('UserPoolId', { Value: { Ref: template.getResourceId('AWS::Cognito::UserPool') } });
    });

    it('is left out when the editors sign in at an issuer given by context', () => {
      const external = synthesizeApp({
        editorIssuer: 'https://login.example.org/realms/news',
        editorAudience: 'console',
        editorAuthorizationEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/auth',
        editorTokenEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/token',
      });
      external.dataTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
      expect(external.data.editorPool).toBeUndefined();
      expect(Object.keys(external.dataTemplate.toJSON().Outputs)).not.toContain('UserPoolId');
    });
  });
});
