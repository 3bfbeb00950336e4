import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineMonitoring, type PipelineMonitoringProps } from '../../infra/constructs/pipeline-monitoring';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function appIn(): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'monitoring-'));
  outdirs.push(outdir);
  return { app: new App({ outdir }), outdir };
}

/** A stack like the app stack, as far as monitoring sees it: real functions, a queue, an HTTP API. */
function buildMonitoredStack(app: App, options: Partial<PipelineMonitoringProps> = {}) {
  const stack = new Stack(app, 'Monitored', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
    });
  const ingest = fn('Ingest');
  const publisher = fn('Publisher');
  const editor = fn('Editor');
  const failedBatches = new Queue(stack, 'FailedBatches');
  const httpApi = new HttpApi(stack, 'Api');
  const monitoring = new PipelineMonitoring(stack, 'Monitoring', {
    functions: { ingest, publisher, editor },
    publisher,
    failedBatches,
    httpApi,
    ...options,
  });
  return { stack, monitoring, ingest, publisher, editor, failedBatches, httpApi };
}

/** The monitored stack and its template. */
function monitoredStack(app: App, options: Partial<PipelineMonitoringProps> = {}) {
  const built = buildMonitoredStack(app, options);
  return { ...built, template: Template.fromStack(built.stack) };
}

const idOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

/** The alarm resource of `alarms[name]`, as synthesized. */
function alarmProperties(name: string, options: Partial<PipelineMonitoringProps> = {}) {
  const built = monitoredStack(appIn().app, options);
  const alarm = built.monitoring.alarms[name];
  if (!alarm) throw new Error(`no alarm ${name}`);
  const properties =
    built.template.findResources('AWS::CloudWatch::Alarm')[idOf(built.stack, alarm)]?.Properties;
  return { ...built, properties };
}

describe('PipelineMonitoring alarms', () => {
  it('fires as soon as one stream batch lands in the failure queue', () => {
    const { properties, stack, failedBatches } = alarmProperties('failedBatches');
    expect(properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(stack, failedBatches), 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
    });
  });

  it('fires on any error of each function, one alarm per function', () => {
    const built = monitoredStack(appIn().app);
    for (const [name, fn] of [
      ['ingest', built.ingest],
      ['publisher', built.publisher],
      ['editor', built.editor],
    ] as const) {
      built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(built.stack, fn) } }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      expect(built.monitoring.alarms[`errors-${name}`]).toBeDefined();
    }
    expect(
      built.template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
    ).toSatisfy((alarms: object) => Object.keys(alarms).length === 3);
  });

  it("fires when the publisher is five minutes behind the stream, far inside the stream's 24 hours", () => {
    const { properties, stack, publisher } = alarmProperties('iteratorAge');
    expect(properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: idOf(stack, publisher) } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5 * 60 * 1000,
    });
    expect(properties.Threshold).toBeLessThan(Duration.hours(24).toMilliseconds() / 10);
  });

  it('fires on any 5xx of the API, when no route key is given', () => {
    const { properties, stack, httpApi } = alarmProperties('ingest5xx');
    expect(properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: idOf(stack, httpApi) } }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it("fires on the partner route's 5xx alone, when its route key is given", () => {
    const routeKey = 'POST /v1/partners/{partnerId}/articles';
    const { properties, stack, httpApi } = alarmProperties('ingest5xx', { ingestRouteKey: routeKey });
    expect(properties.MetricName).toBe('5xx');
    expect(properties.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'ApiId', Value: { Ref: idOf(stack, httpApi) } },
        { Name: 'Stage', Value: '$default' },
        { Name: 'Route', Value: routeKey },
      ]),
    );
  });

  it('treats missing data as fine: an idle pipeline has no errors and no iterator age', () => {
    const { template } = monitoredStack(appIn().app);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.TreatMissingData)).toEqual(
      alarms.map(() => 'notBreaching'),
    );
  });

  it('tells the topic when each alarm fires and when it clears', () => {
    const { template, stack, monitoring } = monitoredStack(appIn().app);
    const topic = { Ref: idOf(stack, monitoring.topic) };
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
    }
  });
});

describe('PipelineMonitoring topic', () => {
  it('is encrypted with a rotating key of its own that CloudWatch may publish with', () => {
    const { template, stack, monitoring } = monitoredStack(appIn().app);
    const keyId = template.getResourceId('AWS::KMS::Key');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const key = template.findResources('AWS::KMS::Key')[keyId]?.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const cloudwatch = key.KeyPolicy.Statement.find(
      (statement: { Principal?: { Service?: string } }) =>
        statement.Principal?.Service === 'cloudwatch.amazonaws.com',
    );
    expect(cloudwatch).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    expect(idOf(stack, monitoring.topic)).toBe(template.getResourceId('AWS::SNS::Topic'));
  });

  it('refuses publishing without TLS', () => {
    const { template } = monitoredStack(appIn().app);
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0]?.Properties;
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('mails the alarms to an address only when one is given', () => {
    expect(monitoredStack(appIn().app).template.findResources('AWS::SNS::Subscription')).toEqual({});
    monitoredStack(appIn().app, { alarmEmail: 'oncall@news.example' }).template.hasResourceProperties(
      'AWS::SNS::Subscription',
      { Protocol: 'email', Endpoint: 'oncall@news.example' },
    );
  });
});

/** The dashboard's body with every CloudFormation reference in it replaced by `REF`. */
function dashboardBody(template: Template): { widgets: { properties: Record<string, unknown> }[] } {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]?.Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'REF')).join(''));
}

describe('PipelineMonitoring dashboard', () => {
  const { template } = monitoredStack(appIn().app);
  const widgets = dashboardBody(template).widgets.map((widget) => widget.properties);
  const graph = (title: string) => {
    const found = widgets.find((widget) => widget.title === title);
    expect(found, `a widget titled "${title}"`).toBeDefined();
    return JSON.stringify(found?.metrics);
  };

  it('shows deliveries accepted, and refused by reason', () => {
    expect(graph('Deliveries accepted')).toContain(
      `SEARCH('{Syndication,service} MetricName=\\"DeliveriesAccepted\\"', 'Sum', 300)`,
    );
    expect(graph('Deliveries refused, by reason')).toContain(
      `SEARCH('{Syndication,reason,service} MetricName=\\"DeliveriesRefused\\"', 'Sum', 300)`,
    );
  });

  it('shows publish latency at p50 and p99, and the objects written', () => {
    const latency = graph('Publish latency (ms, newest change to published)');
    expect(latency).toContain(`MetricName=\\"PublishLatency\\"', 'p50'`);
    expect(latency).toContain(`MetricName=\\"PublishLatency\\"', 'p99'`);
    expect(graph('Objects written to the site')).toContain(`MetricName=\\"ObjectsWritten\\"', 'Sum'`);
  });

  it('is linked from the CloudWatch console of its region', () => {
    const { stack, monitoring } = monitoredStack(appIn().app);
    expect(stack.resolve(monitoring.dashboardUrl)).toEqual({
      'Fn::Join': [
        '',
        [
          'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/',
          { Ref: idOf(stack, monitoring.dashboard) },
        ],
      ],
    });
  });

  it("shows each function's errors and the publisher's iterator age", () => {
    const errors = graph('Function errors');
    expect(errors.match(/"Errors"/g)).toHaveLength(3);
    expect(graph('Publisher iterator age (ms)')).toContain('"IteratorAge"');
  });
});

/** One finding in the CDK validation report that cdk-nag 3 feeds. */
interface ReportedViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

describe('PipelineMonitoring and cdk-nag', () => {
  it('has no AwsSolutions finding of its own', () => {
    const { app, outdir } = appIn();
    buildMonitoredStack(app, { alarmEmail: 'oncall@news.example' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch {
      // The test stack's stand-in functions, queue and API have findings of their own; they make
      // synth throw after the report is written.
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: ReportedViolation[] }[];
    };
    const findings = report.pluginReports
      .filter((plugin) => plugin.pluginName === 'AwsSolutions')
      .flatMap((plugin) => plugin.violations)
      .flatMap((violation) =>
        violation.violatingConstructs.map((construct) => `${violation.ruleName} ${construct.constructPath}`),
      );
    // The stand-ins' findings prove the checks ran; none may be the construct's.
    expect(findings.some((finding) => finding.includes('Monitored/FailedBatches'))).toBe(true);
    expect(findings.filter((finding) => finding.includes('Monitored/Monitoring/'))).toEqual([]);
  });
});
