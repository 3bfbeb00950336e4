import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../infra/constructs/function-bundling';
import { PipelineFunction, type PipelineFunctionProps } from '../../infra/constructs/pipeline-function';
import {
  actionsOf,
  allows,
  appIn,
  logicalIdOf,
  removeAssemblies,
  statementsOf,
} from '../support/synthesized-app';

afterAll(removeAssemblies);

/** One function in a bare stack beside a table, a bucket and a secret, and what `use` grants it. */
function functionIn(
  use: (fn: PipelineFunction, resources: { table: Table; bucket: Bucket; secret: Secret }) => void = () => {},
  props: Partial<PipelineFunctionProps> = {},
) {
  const stack = new Stack(appIn(), 'Bare');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const bucket = new Bucket(stack, 'Bucket');
  const secret = new Secret(stack, 'Secret');
  const fn = new PipelineFunction(stack, 'Fn', {
    entry: 'functions/ingest/handler.ts',
    description: 'a function',
    serviceName: 'sample',
    ...props,
  });
  use(fn, { table, bucket, secret });
  const template = Template.fromStack(stack);
  const properties = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]?.Properties;
  const roleId = logicalIdOf(fn.role);
  return {
    template,
    properties,
    environment: properties.Environment.Variables as Record<string, unknown>,
    statements: statementsOf(template, roleId),
    roleId,
    ids: {
      tableArn: { 'Fn::GetAtt': [logicalIdOf(table), 'Arn'] },
      table: { Ref: logicalIdOf(table) },
      bucketArn: { 'Fn::GetAtt': [logicalIdOf(bucket), 'Arn'] },
      bucket: { Ref: logicalIdOf(bucket) },
      secret: { Ref: logicalIdOf(secret) },
    },
  };
}

describe('PipelineFunction', () => {
  describe('defaults', () => {
    const { template, properties, environment, roleId, statements } = functionIn();

    it('runs Node.js 22 on ARM64 with active tracing, 1024 MB and 30 s unless told otherwise', () => {
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 1024,
        Timeout: 30,
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    });

    it('takes a size and a timeout of its own', () => {
      const sized = functionIn(() => {}, { memorySize: 512, timeout: Duration.seconds(12) }).properties;
      expect(sized).toMatchObject({ MemorySize: 512, Timeout: 12 });
    });

    it('is bundled by the local esbuild as minified ESM with source maps: the bundle test’s constant', () => {
      expect(FUNCTION_BUNDLING).toMatchObject({
        forceDockerBundling: false,
        format: 'esm',
        minify: true,
        sourceMap: true,
      });
      // Stack traces are mapped on demand by the bundle itself (decision 0055), not by Node at every start.
      expect(environment.NODE_OPTIONS).toBeUndefined();
    });

    it('carries the Powertools settings: its service name, the app’s metrics namespace, INFO logs', () => {
      expect(environment).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'sample',
        POWERTOOLS_METRICS_NAMESPACE: 'Syndication',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      });
    });

    it('adds its own settings to the defaults', () => {
      const { environment } = functionIn(() => {}, {
        environment: { PUBLIC_BASE_URL: 'https://news.example' },
      });
      expect(environment).toMatchObject({
        PUBLIC_BASE_URL: 'https://news.example',
        POWERTOOLS_SERVICE_NAME: 'sample',
      });
    });

    it('logs to a log group of its own, kept for a month', () => {
      const logGroupId = properties.LoggingConfig.LogGroup.Ref as string;
      expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({
        RetentionInDays: 30,
      });
    });

    it('has a role of its own, without managed policies, that may write only its log group and traces', () => {
      expect(properties.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      expect(template.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
      const logGroupArn = { 'Fn::GetAtt': [properties.LoggingConfig.LogGroup.Ref, 'Arn'] };
      expect(allows(statements, 'logs:PutLogEvents', logGroupArn)).toBe(true);
      expect(actionsOf(statements).sort()).toEqual(
        [
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ].sort(),
      );
    });

    it('has nothing to read: no table, bucket or secret is named in its environment', () => {
      expect(
        Object.keys(environment).filter((name) => /^(TABLE_NAME|BUCKET_NAME|PARTNER_SECRET_ARN)$/.test(name)),
      ).toEqual([]);
    });
  });

  describe('grants bound to the variable naming the resource', () => {
    it('useTable readWrite: TABLE_NAME and read and write on the table and its indexes', () => {
      const { environment, statements, ids } = functionIn((fn, { table }) => fn.useTable(table, 'readWrite'));
      expect(environment.TABLE_NAME).toEqual(ids.table);
      for (const action of [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]) {
        expect(allows(statements, action, ids.tableArn), action).toBe(true);
      }
      expect(allows(statements, 'dynamodb:DeleteTable', ids.tableArn)).toBe(false);
    });

    it('useTable read: TABLE_NAME and reads only', () => {
      const { environment, statements, ids } = functionIn((fn, { table }) => fn.useTable(table, 'read'));
      expect(environment.TABLE_NAME).toEqual(ids.table);
      expect(allows(statements, 'dynamodb:Query', ids.tableArn)).toBe(true);
      for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
        expect(allows(statements, action, ids.tableArn), action).toBe(false);
      }
    });

    it('useTable with item grants: exactly those actions, limited to their partition keys', () => {
      const { statements, ids } = functionIn((fn, { table }) =>
        fn.useTable(table, [
          { actions: ['dynamodb:GetItem'] },
          { actions: ['dynamodb:PutItem'], leadingKeys: ['LOCK#publisher'] },
        ]),
      );
      const tableStatements = statements.filter(
        (statement) => JSON.stringify(statement.Resource) === JSON.stringify(ids.tableArn),
      );
      expect(tableStatements).toEqual([
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: ids.tableArn },
        {
          Effect: 'Allow',
          Action: 'dynamodb:PutItem',
          Resource: ids.tableArn,
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['LOCK#publisher'] } },
        },
      ]);
    });

    it('useTable with item grants naming indexes: those actions on the table and exactly those indexes', () => {
      const { statements, ids } = functionIn((fn, { table }) =>
        fn.useTable(table, [
          { actions: ['dynamodb:GetItem'] },
          { actions: ['dynamodb:Query'], indexes: ['catalog'] },
        ]),
      );
      const index = (name: string) => ({ 'Fn::Join': ['', [ids.tableArn, `/index/${name}`]] });
      expect(allows(statements, 'dynamodb:Query', ids.tableArn)).toBe(true);
      expect(allows(statements, 'dynamodb:Query', index('catalog'))).toBe(true);
      expect(allows(statements, 'dynamodb:GetItem', index('catalog'))).toBe(false);
      expect(allows(statements, 'dynamodb:Query', index('byPartner'))).toBe(false);
      expect(allows(statements, 'dynamodb:Query', index('*'))).toBe(false);
    });

    it('useBucket: BUCKET_NAME, exactly the given object actions, and ListBucket so a missing key is a 404', () => {
      const { environment, statements, ids } = functionIn((fn, { bucket }) =>
        fn.useBucket(bucket, ['s3:GetObject', 's3:PutObject']),
      );
      expect(environment.BUCKET_NAME).toEqual(ids.bucket);
      const objects = { 'Fn::Join': ['', [ids.bucketArn, '/*']] };
      expect(statements).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: objects },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: ids.bucketArn },
        ]),
      );
      expect(allows(statements, 's3:DeleteObject', objects)).toBe(false);
    });

    it('usePartnerSecret: PARTNER_SECRET_ARN and reading that one secret', () => {
      const { environment, statements, ids } = functionIn((fn, { secret }) => fn.usePartnerSecret(secret));
      expect(environment.PARTNER_SECRET_ARN).toEqual(ids.secret);
      expect(allows(statements, 'secretsmanager:GetSecretValue', ids.secret)).toBe(true);
      expect(allows(statements, 'secretsmanager:PutSecretValue', ids.secret)).toBe(false);
    });
  });
});
