import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_BASE_URL, SyndicationStack } from '../../infra/syndication-stack';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design';
import { PartnerRegistry } from '../../shared/config/partner-registry';

/** Cloud assembly directories of the apps under test (bundled Lambda code included), removed at the end. */
const assemblies: string[] = [];
afterAll(() => {
  for (const dir of assemblies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function appIn(context: Record<string, unknown> = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'syndication-stack-'));
  assemblies.push(outdir);
  return new App({ outdir, context });
}

/** One IAM policy statement as synthesized. */
interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the identity policies attached to the role with this logical id. */
function statementsOf(template: Template, roleId: string): PolicyStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** Whether an Allow statement grants `action` (IAM wildcards honoured) on exactly `resource`. */
function allows(statements: PolicyStatement[], action: string, resource: unknown): boolean {
  const grants = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(action);
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action].flat().some(grants) &&
      [statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)),
  );
}

/** The logical id of a construct's CloudFormation resource. */
function logicalIdOf(construct: { node: { defaultChild?: unknown } }): string {
  const resource = construct.node.defaultChild as CfnElement;
  return resource.stack.getLogicalId(resource);
}

describe('SyndicationStack', () => {
  let stack: SyndicationStack;
  let template: Template;

  beforeAll(async () => {
    // As infra/app.ts builds it: the local registry without its secrets, and a base URL from context.
    const partners = (await PartnerRegistry.fromFile('config/partners.local.json')).listPublic();
    const app = appIn({ publicBaseUrl: 'https://news.example' });
    stack = new SyndicationStack(app, 'Syndication', { partners });
    template = Template.fromStack(stack);
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

  describe('publisher function', () => {
    const functionId = () => logicalIdOf(stack.publisher.function);
    const publisher = () => template.findResources('AWS::Lambda::Function')[functionId()]?.Properties;
    const environment = () => publisher().Environment.Variables as Record<string, unknown>;

    it('runs the publisher on Node.js 22 (ARM64), 1024 MB, 60 s: below the 90 s publish lease (0008)', () => {
      expect(publisher()).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 1024,
        Timeout: 60,
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    });

    it('logs to its own log group, with a retention', () => {
      const logGroupId = publisher().LoggingConfig.LogGroup.Ref as string;
      expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({
        RetentionInDays: expect.any(Number),
      });
    });

    it('is configured with the table, the bucket, the base URL and the registry without secrets', async () => {
      const variables = environment();
      expect(variables).toMatchObject({
        TABLE_NAME: { Ref: template.getResourceId('AWS::DynamoDB::Table') },
        BUCKET_NAME: {
          Ref: template.getResourceId('AWS::S3::Bucket', {
            Properties: { VersioningConfiguration: { Status: 'Enabled' } },
          }),
        },
        PUBLIC_BASE_URL: 'https://news.example',
      });
      const partnersJson = variables.PARTNERS_JSON as string;
      expect(partnersJson).not.toContain('secrets');
      expect(partnersJson).not.toContain('whsec_');
      const partner = await PartnerRegistry.parsePublic(JSON.parse(partnersJson)).getPartner('almadar');
      expect(partner?.agreement).toEqual({ canonical: 'original', robots: 'index' });
    });

    it('defaults to https://example.com and no partners', () => {
      // Bundling skipped: this synth is about the environment only.
      const stack = new SyndicationStack(appIn({ 'aws:cdk:bundling-stacks': [] }), 'Defaults');
      const variables =
        Template.fromStack(stack).findResources('AWS::Lambda::Function')[
          logicalIdOf(stack.publisher.function)
        ]?.Properties.Environment.Variables;
      expect(DEFAULT_PUBLIC_BASE_URL).toBe('https://example.com');
      expect(variables.PUBLIC_BASE_URL).toBe(DEFAULT_PUBLIC_BASE_URL);
      expect(JSON.parse(variables.PARTNERS_JSON)).toEqual({ partners: [] });
    });

    it('is fed by the table stream: batches of 100, retried, bisected, then sent to a dead-letter queue', () => {
      // The publisher's, and the republisher's (tests/infra/republisher-function.test.ts).
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [template.getResourceId('AWS::DynamoDB::Table'), 'StreamArn'] },
        FunctionName: { Ref: functionId() },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: Match.anyValue(),
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        ParallelizationFactor: 1,
        // The handler fails whole batches: no partial batch responses.
        FunctionResponseTypes: Match.absent(),
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [template.getResourceId('AWS::SQS::Queue'), 'Arn'] } },
        },
      });
    });

    it('is invoked only by records whose new or old image is an Article head', () => {
      const mapping = template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: functionId() } },
      });
      expect(Object.keys(mapping)).toHaveLength(1);
      const patterns = (
        (Object.values(mapping)[0]?.Properties.FilterCriteria.Filters ?? []) as { Pattern: string }[]
      ).map((filter) => JSON.parse(filter.Pattern));
      expect(patterns).toEqual([
        { dynamodb: { NewImage: { entity: { S: ['Article'] } } } },
        { dynamodb: { OldImage: { entity: { S: ['Article'] } } } },
      ]);
    });

    it('has an encrypted dead-letter queue that refuses requests without TLS', () => {
      const queueId = template.getResourceId('AWS::SQS::Queue');
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('may read and write the table and put and delete site objects, and nothing broader', () => {
      const roleId = publisher().Role['Fn::GetAtt'][0] as string;
      const role = template.findResources('AWS::IAM::Role')[roleId];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();

      const statements = statementsOf(template, roleId);
      const tableArn = { 'Fn::GetAtt': [template.getResourceId('AWS::DynamoDB::Table'), 'Arn'] };
      const bucketArn = {
        'Fn::GetAtt': [
          template.getResourceId('AWS::S3::Bucket', {
            Properties: { VersioningConfiguration: { Status: 'Enabled' } },
          }),
          'Arn',
        ],
      };
      const objects = { 'Fn::Join': ['', [bucketArn, '/*']] };
      for (const action of [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
      ]) {
        expect(allows(statements, action, tableArn), action).toBe(true);
      }
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
        expect(allows(statements, action, objects), action).toBe(true);
      }
      // A HEAD of a key not yet written must answer 404, not 403.
      expect(allows(statements, 's3:ListBucket', bucketArn)).toBe(true);
      for (const action of [
        's3:PutObjectAcl',
        's3:DeleteBucket',
        's3:PutBucketPolicy',
        'dynamodb:DeleteTable',
      ]) {
        expect(allows(statements, action, objects) || allows(statements, action, bucketArn), action).toBe(
          false,
        );
        expect(allows(statements, action, tableArn), action).toBe(false);
      }
      expect(
        allows(statements, 'sqs:SendMessage', {
          'Fn::GetAtt': [template.getResourceId('AWS::SQS::Queue'), 'Arn'],
        }),
      ).toBe(true);
      // The acknowledged IAM5 Resource::* covers exactly the actions that have no resource-level permissions.
      const onAnyResource = statements
        .filter((statement) => [statement.Resource].flat().includes('*'))
        .flatMap((statement) => [statement.Action].flat());
      expect(onAnyResource.sort()).toEqual([
        'dynamodb:ListStreams',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    });
  });
  describe('site bootstrap', () => {
    const bootstrapId = () => logicalIdOf(stack.siteBootstrap.function);
    const bootstrap = () => template.findResources('AWS::Lambda::Function')[bootstrapId()]?.Properties;
    const trigger = () => {
      const triggers = Object.values(template.findResources('Custom::Trigger'));
      expect(triggers).toHaveLength(1);
      return triggers[0] as { Properties: Record<string, unknown>; DependsOn?: string[] };
    };

    it('renders with exactly the publisher’s settings, on the same runtime, with time to wait out a lapsed lease', () => {
      const publisher =
        template.findResources('AWS::Lambda::Function')[logicalIdOf(stack.publisher.function)];
      expect(bootstrap()?.Environment).toEqual(publisher?.Properties.Environment);
      expect(bootstrap()).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      // It may wait for a crashed publisher's 90 s lease (decision 0008) and still render in the 30 s it keeps.
      expect(bootstrap()?.Timeout).toBeGreaterThanOrEqual(90 + 30);
    });

    it('is run at deploy time by a trigger on its current version, awaited for longer than it may run', () => {
      const { Properties } = trigger();
      const version = template.getResourceId('AWS::Lambda::Version', {
        Properties: { FunctionName: { Ref: bootstrapId() } },
      });
      expect(Properties).toMatchObject({
        HandlerArn: { Ref: version },
        InvocationType: 'RequestResponse',
        ExecuteOnHandlerChange: true,
      });
      expect(Number(Properties.Timeout)).toBeGreaterThan((bootstrap()?.Timeout as number) * 1000);
    });

    it('runs only after the table, the bucket and its policy, its own grants and the publisher exist', () => {
      const dependsOn = trigger().DependsOn ?? [];
      const siteBucket = template.getResourceId('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      });
      const siteBucketPolicy = template.getResourceId('AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: siteBucket } },
      });
      const bootstrapRole = bootstrap()?.Role['Fn::GetAtt'][0] as string;
      const bootstrapPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([, policy]) =>
        (policy.Properties.Roles as unknown[]).some(
          (role) => JSON.stringify(role) === JSON.stringify({ Ref: bootstrapRole }),
        ),
      )?.[0];
      expect(dependsOn).toEqual(
        expect.arrayContaining([
          template.getResourceId('AWS::DynamoDB::Table'),
          siteBucket,
          siteBucketPolicy,
          bootstrapRole,
          bootstrapPolicy,
          logicalIdOf(stack.publisher.function),
          template.getResourceId('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalIdOf(stack.publisher.function) } },
          }),
        ]),
      );
    });

    it('may read the table, write only the lease and the feed list, and put but never delete site objects', () => {
      const roleId = bootstrap()?.Role['Fn::GetAtt'][0] as string;
      const role = template.findResources('AWS::IAM::Role')[roleId];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
      const tableArn = { 'Fn::GetAtt': [template.getResourceId('AWS::DynamoDB::Table'), 'Arn'] };
      const bucketArn = {
        'Fn::GetAtt': [
          template.getResourceId('AWS::S3::Bucket', {
            Properties: { VersioningConfiguration: { Status: 'Enabled' } },
          }),
          'Arn',
        ],
      };
      const dataStatements = statementsOf(template, roleId)
        .filter((statement) => [statement.Action].flat().some((action) => /^(dynamodb|s3):/.test(action)))
        .map((statement) => ({ ...statement, Action: [statement.Action].flat().sort() }));
      expect(dataStatements).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Allow',
            Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
            Resource: tableArn,
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
            Resource: tableArn,
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['LOCK#publisher'] } },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:UpdateItem'],
            Resource: tableArn,
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['SITE'] } },
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
          },
          { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucketArn },
        ]),
      );
      expect(dataStatements).toHaveLength(5);
    });

    it('lets the trigger invoke the bootstrap function and nothing else', () => {
      const providerRoles = Object.values(template.findResources('AWS::IAM::Role')).filter((role) =>
        JSON.stringify(role.Properties.Policies ?? []).includes('lambda:InvokeFunction'),
      );
      expect(providerRoles).toHaveLength(1);
      expect(providerRoles[0]?.Properties.Policies).toEqual([
        {
          PolicyName: 'Inline',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['lambda:InvokeFunction'],
                Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bootstrapId(), 'Arn'] }, ':*']] }],
              },
            ],
          },
        },
      ]);
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

  it('acknowledges only the findings it explains, each on its own resource', () => {
    const stack = new SyndicationStack(appIn({ 'aws:cdk:bundling-stacks': [] }), 'Syndication');
    const template = Template.fromStack(stack);
    const table = template.getResourceId('AWS::DynamoDB::Table');
    const bucket = template.getResourceId('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    const acknowledged = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
        .map((id) => `${id.replace(/^Annotation::/, '')} ${construct.node.path}`),
    );
    expect(acknowledged.sort()).toEqual(
      [
        'AwsSolutions-L1 Syndication/Publisher/Function/Resource',
        'AwsSolutions-SQS3 Syndication/Publisher/FailedBatches/Resource',
        'AwsSolutions-IAM5[Resource::*] Syndication/Publisher/Role/DefaultPolicy',
        `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*] Syndication/Publisher/Role/DefaultPolicy`,
        `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*] Syndication/Publisher/Role/DefaultPolicy`,
        'AwsSolutions-L1 Syndication/Republisher/Function/Resource',
        'AwsSolutions-IAM5[Resource::*] Syndication/Republisher/Role/DefaultPolicy',
        `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*] Syndication/Republisher/Role/DefaultPolicy`,
        `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*] Syndication/Republisher/Role/DefaultPolicy`,
        'AwsSolutions-L1 Syndication/SiteBootstrap/Function/Resource',
        'AwsSolutions-IAM5[Resource::*] Syndication/SiteBootstrap/Role/DefaultPolicy',
        `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*] Syndication/SiteBootstrap/Role/DefaultPolicy`,
        ...[
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          `Resource::<${bucket}.Arn>/*`,
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        ].map((finding) => `AwsSolutions-IAM5[${finding}] Syndication/EditorConsole/Role/DefaultPolicy`),
        'AwsSolutions-L1 Syndication/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C',
      ].sort(),
    );
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
