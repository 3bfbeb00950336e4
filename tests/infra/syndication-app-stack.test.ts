import { Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyndicationAppStack } from '../../infra/syndication-app-stack';
import { SyndicationDataStack } from '../../infra/syndication-data-stack';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';
import {
  actionsOf,
  allows,
  appIn,
  importOf,
  logicalIdOf,
  removeAssemblies,
  type SynthesizedApp,
  statementsOf,
  synthesizeApp,
} from '../support/synthesized-app';

afterAll(removeAssemblies);

describe('SyndicationAppStack', () => {
  let synthesized: SynthesizedApp;
  /** The data stack's table, bucket and secret as the app stack's template spells them (imports). */
  let data: {
    table: unknown;
    tableArn: unknown;
    tableStreamArn: unknown;
    bucket: unknown;
    bucketArn: unknown;
    secret: unknown;
  };

  beforeAll(() => {
    synthesized = synthesizeApp({ publicBaseUrl: 'https://news.example/' });
    const { dataTemplate } = synthesized;
    const table = dataTemplate.getResourceId('AWS::DynamoDB::Table');
    const bucket = dataTemplate.getResourceId('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    data = {
      table: importOf(dataTemplate, { Ref: table }),
      tableArn: importOf(dataTemplate, { 'Fn::GetAtt': [table, 'Arn'] }),
      tableStreamArn: importOf(dataTemplate, { 'Fn::GetAtt': [table, 'StreamArn'] }),
      bucket: importOf(dataTemplate, { Ref: bucket }),
      bucketArn: importOf(dataTemplate, { 'Fn::GetAtt': [bucket, 'Arn'] }),
      secret: importOf(dataTemplate, { Ref: dataTemplate.getResourceId('AWS::SecretsManager::Secret') }),
    };
  });

  /** A function of the app stack: its properties, environment and role's statements. */
  const functionOf = (fn: { function: { node: { defaultChild?: unknown } } }) => {
    const properties =
      synthesized.appTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]?.Properties;
    const roleId = properties.Role['Fn::GetAtt'][0] as string;
    return {
      id: logicalIdOf(fn.function),
      properties,
      environment: properties.Environment.Variables as Record<string, unknown>,
      roleId,
      statements: statementsOf(synthesized.appTemplate, roleId),
    };
  };

  it('holds no state of its own: no table or secret, and no bucket but the CDN’s access logs', () => {
    const { appTemplate, stack } = synthesized;
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret']) {
      appTemplate.resourceCountIs(type, 0);
    }
    expect(Object.keys(appTemplate.findResources('AWS::S3::Bucket'))).toEqual([
      logicalIdOf(stack.cdn.accessLogsBucket),
    ]);
  });

  it('puts the API on the site’s own origin: CloudFront sends /v1/* to the HTTP API', () => {
    const { appTemplate, stack } = synthesized;
    const distribution = appTemplate.findResources('AWS::CloudFront::Distribution')[
      logicalIdOf(stack.cdn.distribution)
    ]?.Properties.DistributionConfig;
    const v1 = distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === 'v1/*');
    const origin = distribution.Origins.find((o: { Id: string }) => o.Id === v1.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(logicalIdOf(stack.api.httpApi));
  });

  it('raises an alarm on the errors of every one of its functions', () => {
    const { appTemplate, stack } = synthesized;
    const watched = Object.values(
      appTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
    ).map((alarm) => alarm.Properties.Dimensions[0].Value.Ref);
    const functions = [
      stack.ingest,
      stack.editor,
      stack.publisher,
      stack.republisher,
      stack.siteBootstrap,
      stack.release,
    ];
    expect(new Set(watched)).toEqual(new Set(functions.map((fn) => logicalIdOf(fn.function))));
  });

  it('is deployed after the data stack, whose resources it imports', () => {
    const { stack, data: dataStack } = synthesized;
    expect(stack.dependencies).toContain(dataStack);
  });

  it('tells every function where the partner registry is: the table, not a variable or a file', () => {
    for (const fn of [
      synthesized.stack.publisher,
      synthesized.stack.republisher,
      synthesized.stack.siteBootstrap,
      synthesized.stack.ingest,
      synthesized.stack.editor,
    ]) {
      const { environment } = functionOf(fn);
      expect(environment.PARTNER_REGISTRY, fn.node.path).toBe('table');
      expect(environment.TABLE_NAME, fn.node.path).toEqual(data.table);
      expect(Object.keys(environment), fn.node.path).not.toContain('PARTNERS_JSON');
      expect(Object.keys(environment), fn.node.path).not.toContain('PARTNERS_FILE');
      expect(environment.PUBLIC_BASE_URL, fn.node.path).toBe('https://news.example');
    }
  });

  it('lets only the ingest function read the partner secrets', () => {
    const { stack } = synthesized;
    const readers = [
      stack.publisher,
      stack.republisher,
      stack.siteBootstrap,
      stack.ingest,
      stack.editor,
    ].filter((fn) => allows(functionOf(fn).statements, 'secretsmanager:GetSecretValue', data.secret));
    expect(readers.map((fn) => fn.node.id)).toEqual(['Ingest']);
    expect(functionOf(stack.ingest).environment.PARTNER_SECRET_ARN).toEqual(data.secret);
    expect(Object.keys(functionOf(stack.publisher).environment)).not.toContain('PARTNER_SECRET_ARN');
  });

  it('gives the API functions no access to the site, nor its name: they never call S3', () => {
    for (const fn of [synthesized.stack.ingest, synthesized.stack.editor]) {
      const { statements, environment } = functionOf(fn);
      expect(
        actionsOf(statements).filter((action) => action.startsWith('s3:')),
        fn.node.id,
      ).toEqual([]);
      expect(environment, fn.node.id).not.toHaveProperty('BUCKET_NAME');
    }
  });

  /** Every function's PUBLIC_BASE_URL in an app synthesized with this context. */
  const baseUrlsOf = (context: Record<string, unknown>) => {
    const { stack, appTemplate } = synthesizeApp(context);
    const urls = Object.values(
      appTemplate.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { PARTNER_REGISTRY: 'table' } } },
      }),
    ).map((fn) => fn.Properties.Environment.Variables.PUBLIC_BASE_URL);
    // ingest, editor, publisher, republisher, site-bootstrap, release.
    expect(urls).toHaveLength(6);
    return { urls, distribution: logicalIdOf(stack.cdn.distribution) };
  };

  it('defaults the base URL of pages, feeds and receipts to the CloudFront distribution’s own URL', () => {
    const { urls, distribution } = baseUrlsOf({});
    for (const url of urls) {
      expect(url).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] });
    }
  });

  it('uses the custom domain given by context as the base URL', () => {
    const { urls } = baseUrlsOf({
      domainName: 'news.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abcd',
    });
    expect(new Set(urls)).toEqual(new Set(['https://news.example.org']));
  });

  it('takes a site URL that is made after the functions (the CDN’s, which fronts the API they serve)', () => {
    // The CDN needs the API's domain, the API needs the functions, the functions need the CDN's URL:
    // no cycle in CloudFormation, but one in construction order, which a lazy value breaks.
    let cdnUrl = 'unset';
    const app = appIn();
    const dataStack = new SyndicationDataStack(app, 'Syndication-Data');
    const stack = new SyndicationAppStack(app, 'Syndication-App', {
      table: dataStack.articleTable.table,
      bucket: dataStack.siteBucket.bucket,
      partnerSecret: dataStack.partnerSecrets,
      editorPool: dataStack.editorPool,
      publicBaseUrl: Lazy.string({ produce: () => cdnUrl }),
    });
    cdnUrl = 'https://d111111abcdef8.cloudfront.net';
    const template = Template.fromStack(stack);
    const urls = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { PARTNER_REGISTRY: 'table' } } },
      }),
    ).map((fn) => fn.Properties.Environment.Variables.PUBLIC_BASE_URL);
    expect(new Set(urls)).toEqual(new Set([cdnUrl]));
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`${cdnUrl}/editor/`, CLI_SIGN_IN_REDIRECT_URI],
    });
  });

  it('tells the console to sign in with the user pool, and lets its page call the token endpoint', () => {
    const { stack, appTemplate } = synthesized;
    const deployment = Object.values(appTemplate.findResources('Custom::CDKBucketDeployment'))[0]?.Properties;
    // The client id and the hosted sign-in's domain are deploy-time values, written in by the deployment.
    const markers = JSON.stringify(deployment.SourceMarkers);
    expect(markers).toContain(
      JSON.stringify({ Ref: appTemplate.getResourceId('AWS::Cognito::UserPoolClient') }),
    );
    expect(markers).toContain(
      JSON.stringify({ Ref: appTemplate.getResourceId('AWS::Cognito::UserPoolDomain') }),
    );
    expect(JSON.stringify(stack.resolve(stack.editorConsole.connectOrigins))).toContain(
      JSON.stringify({ Ref: appTemplate.getResourceId('AWS::Cognito::UserPoolDomain') }),
    );
  });

  describe('ingest function', () => {
    it('answers within the HTTP API’s 30 s integration timeout', () => {
      const { properties } = functionOf(synthesized.stack.ingest);
      expect(properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024 });
      expect(properties.Timeout).toBeLessThan(30);
    });

    it('gets, puts, updates and deletes items (deliveries, revisions, orders, rate-limit counters), and queries nothing', () => {
      const { statements } = functionOf(synthesized.stack.ingest);
      for (const action of [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]) {
        expect(allows(statements, action, data.tableArn), action).toBe(true);
      }
      for (const action of ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem']) {
        expect(allows(statements, action, data.tableArn), action).toBe(false);
      }
    });
  });

  describe('editor function', () => {
    it('takes the editor from the JWT authorizer’s claims', () => {
      const { environment, properties } = functionOf(synthesized.stack.editor);
      expect(environment.EDITOR_AUTH).toBe('jwt');
      expect(Object.keys(environment)).not.toContain('EDITOR_TOKEN');
      expect(properties.Timeout).toBeLessThan(30);
    });

    it('reads and writes the table and queries the two catalog indexes by name, and nothing else', () => {
      const { statements } = functionOf(synthesized.stack.editor);
      const index = (name: string) => ({ 'Fn::Join': ['', [data.tableArn, `/index/${name}`]] });
      expect(allows(statements, 'dynamodb:Query', data.tableArn)).toBe(true);
      expect(allows(statements, 'dynamodb:UpdateItem', data.tableArn)).toBe(true);
      expect(allows(statements, 'dynamodb:Query', index('catalog'))).toBe(true);
      expect(allows(statements, 'dynamodb:Query', index('byPartner'))).toBe(true);
      expect(allows(statements, 'dynamodb:Query', index('*'))).toBe(false);
      const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
      expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
    });
  });

  describe('publisher function', () => {
    const publisher = () => functionOf(synthesized.stack.publisher);

    it('runs below the 90 s publish lease (0008)', () => {
      expect(publisher().properties).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: 1024, Timeout: 60 });
    });

    it('is fed by the table stream: batched, retried, bisected, then sent to a dead-letter queue', () => {
      const { appTemplate } = synthesized;
      appTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: data.tableStreamArn,
        FunctionName: { Ref: publisher().id },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 5,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        ParallelizationFactor: 1,
        // The handler fails whole batches: no partial batch responses.
        FunctionResponseTypes: Match.absent(),
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [appTemplate.getResourceId('AWS::SQS::Queue'), 'Arn'] } },
        },
      });
    });

    it('is invoked only by records whose new or old image is an Article head', () => {
      const mappings = Object.values(
        synthesized.appTemplate.findResources('AWS::Lambda::EventSourceMapping', {
          Properties: { FunctionName: { Ref: publisher().id } },
        }),
      );
      expect(mappings).toHaveLength(1);
      const patterns = ((mappings[0]?.Properties.FilterCriteria.Filters ?? []) as { Pattern: string }[]).map(
        (filter) => JSON.parse(filter.Pattern),
      );
      expect(patterns).toEqual([
        { dynamodb: { NewImage: { entity: { S: ['Article'] } } } },
        { dynamodb: { OldImage: { entity: { S: ['Article'] } } } },
      ]);
    });

    it('has an encrypted dead-letter queue that refuses requests without TLS', () => {
      const { appTemplate } = synthesized;
      const queueId = appTemplate.getResourceId('AWS::SQS::Queue');
      appTemplate.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      appTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('may read and write the table and get, put and delete site objects, and nothing broader', () => {
      const { statements, environment } = publisher();
      expect(environment.BUCKET_NAME).toEqual(data.bucket);
      const objects = { 'Fn::Join': ['', [data.bucketArn, '/*']] };
      for (const action of [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
      ]) {
        expect(allows(statements, action, data.tableArn), action).toBe(true);
      }
      for (const action of ['s3:PutObject', 's3:DeleteObject']) {
        expect(allows(statements, action, objects), action).toBe(true);
      }
      // Content hashes are read from the table (decision 0039): no HEAD, so no object reads.
      expect(allows(statements, 's3:GetObject', objects)).toBe(false);
      expect(allows(statements, 's3:ListBucket', data.bucketArn)).toBe(true);
      for (const action of ['s3:PutObjectAcl', 's3:DeleteBucket', 's3:PutBucketPolicy']) {
        expect(
          allows(statements, action, objects) || allows(statements, action, data.bucketArn),
          action,
        ).toBe(false);
      }
      expect(allows(statements, 'dynamodb:DeleteTable', data.tableArn)).toBe(false);
      expect(
        allows(statements, 'sqs:SendMessage', {
          'Fn::GetAtt': [synthesized.appTemplate.getResourceId('AWS::SQS::Queue'), 'Arn'],
        }),
      ).toBe(true);
    });

    it('is granted on "*" only actions that have no resource-level permissions (the acknowledged IAM5)', () => {
      const onAnyResource = publisher()
        .statements.filter((statement) => [statement.Resource].flat().includes('*'))
        .flatMap((statement) => [statement.Action].flat());
      expect(onAnyResource.sort()).toEqual([
        'dynamodb:ListStreams',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    });
  });

  describe('site bootstrap', () => {
    const bootstrap = () => functionOf(synthesized.stack.siteBootstrap);
    const trigger = () => {
      const triggers = Object.values(synthesized.appTemplate.findResources('Custom::Trigger'));
      expect(triggers).toHaveLength(1);
      return triggers[0] as { Properties: Record<string, unknown>; DependsOn?: string[] };
    };

    it('renders with exactly the publisher’s site settings, with time to wait out a lapsed lease', () => {
      const siteSettings = (environment: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(environment).filter(([name]) => name !== 'POWERTOOLS_SERVICE_NAME'),
        );
      expect(siteSettings(bootstrap().environment)).toEqual(
        siteSettings(functionOf(synthesized.stack.publisher).environment),
      );
      // It may wait for a crashed publisher's 90 s lease (decision 0008) and still render in the 30 s it keeps.
      expect(bootstrap().properties.Timeout).toBeGreaterThanOrEqual(90 + 30);
    });

    it('is run at deploy time by a trigger on its current version, awaited for longer than it may run', () => {
      const { Properties } = trigger();
      const version = synthesized.appTemplate.getResourceId('AWS::Lambda::Version', {
        Properties: { FunctionName: { Ref: bootstrap().id } },
      });
      expect(Properties).toMatchObject({
        HandlerArn: { Ref: version },
        InvocationType: 'RequestResponse',
        ExecuteOnHandlerChange: true,
      });
      expect(Number(Properties.Timeout)).toBeGreaterThan((bootstrap().properties.Timeout as number) * 1000);
    });

    it('runs only after its own grants and the publisher exist (the data stack is deployed before)', () => {
      const { appTemplate } = synthesized;
      const { roleId } = bootstrap();
      const bootstrapPolicy = Object.entries(appTemplate.findResources('AWS::IAM::Policy')).find(
        ([, policy]) =>
          (policy.Properties.Roles as unknown[]).some(
            (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
          ),
      )?.[0];
      const publisherId = functionOf(synthesized.stack.publisher).id;
      expect(trigger().DependsOn ?? []).toEqual(
        expect.arrayContaining([
          roleId,
          bootstrapPolicy,
          publisherId,
          appTemplate.getResourceId('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: publisherId } },
          }),
        ]),
      );
    });

    it('may read the table, write only the lease, the feed list, archive seals and the content hashes, and read and put but never delete site objects', () => {
      const dataStatements = bootstrap()
        .statements.filter((statement) =>
          [statement.Action].flat().some((action) => /^(dynamodb|s3):/.test(action)),
        )
        .map((statement) => ({ ...statement, Action: [statement.Action].flat().sort() }));
      expect(dataStatements).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Allow',
            Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
            Resource: data.tableArn,
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
            Resource: data.tableArn,
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['LOCK#publisher'] } },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:UpdateItem'],
            Resource: data.tableArn,
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['SITE'] } },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:PutItem'],
            Resource: data.tableArn,
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ARCHIVE#*'] } },
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:BatchWriteItem'],
            Resource: data.tableArn,
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SITEOBJECT#*'] } },
          },
          {
            Effect: 'Allow',
            // GetObject for the HEADs of a rebuild, which checks the bucket itself (decision 0039).
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: { 'Fn::Join': ['', [data.bucketArn, '/*']] },
          },
          { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: data.bucketArn },
        ]),
      );
      expect(dataStatements).toHaveLength(7);
    });

    it('lets the trigger invoke the bootstrap function and nothing else', () => {
      const providerRoles = Object.values(synthesized.appTemplate.findResources('AWS::IAM::Role')).filter(
        (role) => JSON.stringify(role.Properties.Policies ?? []).includes('lambda:InvokeFunction'),
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
                Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bootstrap().id, 'Arn'] }, ':*']] }],
              },
            ],
          },
        },
      ]);
    });
  });
});
