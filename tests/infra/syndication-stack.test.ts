import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyndicationStack } from '../../infra/syndication-stack';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design';

describe('SyndicationStack', () => {
  let template: Template;

  beforeAll(() => {
    const app = new App();
    template = Template.fromStack(new SyndicationStack(app, 'Syndication'));
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

    it('has point-in-time recovery and AWS-managed encryption, and is retained', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
        }),
      });
    });

    it('outputs the table name', () => {
      template.hasOutput('TableName', { Value: { Ref: template.getResourceId('AWS::DynamoDB::Table') } });
    });
  });

  describe('site bucket', () => {
    const siteBucketProps = { VersioningConfiguration: { Status: 'Enabled' } };

    it('blocks all public access on every bucket', () => {
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

    it('is versioned, retained, and logs server access to the other bucket', () => {
      const siteBucketId = template.getResourceId('AWS::S3::Bucket', { Properties: siteBucketProps });
      const logBucketId = template.getResourceId('AWS::S3::Bucket', {
        Properties: Match.not(Match.objectLike(siteBucketProps)),
      });
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          ...siteBucketProps,
          LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: logBucketId } }),
        }),
      });
      expect(siteBucketId).not.toEqual(logBucketId);
      template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
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
});

/** One finding in the CDK validation report (`validation-report.json`) that cdk-nag 3 feeds. */
interface ReportedViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  pluginReports: { pluginName: string; violations: ReportedViolation[] }[];
}

describe('cdk-nag AwsSolutions', () => {
  const outdirs: string[] = [];

  afterEach(() => {
    for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Synthesizes an app with the AwsSolutions pack registered the way `infra/app.ts` registers it, and
   * returns the unacknowledged error findings from the validation report. An app with findings makes
   * `synth()` throw; the report is still written, so the findings are read from it either way.
   */
  function unacknowledgedErrors(addStacks: (app: App) => void): string[] {
    const outdir = mkdtempSync(join(tmpdir(), 'syndication-nag-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    addStacks(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let synthError: unknown;
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
    let report: ValidationReport;
    try {
      report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    } catch {
      // No report: the synth failed before validation ran, which is an error of its own.
      throw synthError ?? new Error('synth wrote no validation report');
    }
    const errors = report.pluginReports
      .filter((plugin) => plugin.pluginName === 'AwsSolutions')
      .flatMap((plugin) => plugin.violations)
      .filter((violation) => violation.severity === 'error')
      .flatMap((violation) =>
        violation.violatingConstructs.map((construct) => `${violation.ruleName} ${construct.constructPath}`),
      );
    if (errors.length === 0 && synthError !== undefined) throw synthError;
    return errors;
  }

  it('reports no unacknowledged errors for the stack', () => {
    expect(unacknowledgedErrors((app) => new SyndicationStack(app, 'Syndication'))).toEqual([]);
  });

  it('does report errors for a non-compliant bucket (the check above can fail)', () => {
    const errors = unacknowledgedErrors((app) => new Bucket(new Stack(app, 'Bare'), 'Bucket'));
    expect(errors).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1 Bare/Bucket/Resource',
        'AwsSolutions-S10 Bare/Bucket/Resource',
      ]),
    );
  });
});
