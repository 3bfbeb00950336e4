import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, REFUSAL_REASON } from '../../shared/runtime/pipeline-metrics';

/** Properties of {@link PipelineMonitoring}. */
export interface PipelineMonitoringProps {
  /** Every function of the pipeline by a short name (`ingest`, `publisher`, ...): each gets an Errors alarm. */
  readonly functions: Record<string, IFunction>;
  /** The stream consumer whose iterator age says whether the site keeps up with the table. */
  readonly publisher: IFunction;
  /** Where the publisher's event source mapping describes the stream batches that failed every retry. */
  readonly failedBatches: IQueue;
  /** The HTTP API whose server errors the ingest contract promises never to answer for a partner's fault. */
  readonly httpApi: IHttpApi;
  /**
   * The partner route's key (`POST /v1/partners/{partnerId}/articles`): the 5xx alarm then watches that
   * route alone. Route metrics exist only with detailed metrics on the stage; without the key the
   * alarm watches the whole API, editor routes included.
   */
  readonly ingestRouteKey?: string;
  /** The stage of the route metrics. @default '$default' */
  readonly stageName?: string;
  /** Publisher iterator age above which the site is called behind. @default 5 minutes */
  readonly iteratorAgeThreshold?: Duration;
  /** An address that gets every alarm by email (it must confirm the subscription first). */
  readonly alarmEmail?: string;
  /** The namespace the functions record their metrics in (`POWERTOOLS_METRICS_NAMESPACE`). @default 'Syndication' */
  readonly metricsNamespace?: string;
}

/** How often the pipeline's own metrics are summed on the dashboard. */
const DASHBOARD_PERIOD = Duration.minutes(5);

/**
 * The operator's view of the pipeline (docs/operations.md): alarms on what needs a person (a stream
 * batch given up on, a function failing, the publisher falling behind the table, ingest answering 5xx)
 * sent to one encrypted, TLS-only SNS topic, optionally by email; and a small dashboard of deliveries
 * accepted and refused by reason, publish latency, objects written, function errors and iterator age.
 */
export class PipelineMonitoring extends Construct {
  /** Every alarm, by what it watches (`failedBatches`, `errors-<function>`, `iteratorAge`, `ingest5xx`). */
  public readonly alarms: Record<string, Alarm>;
  /** Where every alarm (and its return to OK) is published. */
  public readonly topic: Topic;
  /** The pipeline's dashboard. */
  public readonly dashboard: Dashboard;
  /** The dashboard in the CloudWatch console (the commercial partition's), for a stack output. */
  public readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const namespace = props.metricsNamespace ?? METRICS_NAMESPACE;
    const iteratorAgeThreshold = props.iteratorAgeThreshold ?? Duration.minutes(5);

    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the syndication pipeline alarm topic',
      enableKeyRotation: true,
      // It protects alarm notifications in flight only; nothing at rest outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Syndication pipeline alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new SnsAction(this.topic);

    const alarms: Record<string, Alarm> = {};
    const alarm = (name: string, metric: IMetric, options: { threshold: number; description: string }) => {
      const created = new Alarm(this, `Alarm-${name}`, {
        metric,
        threshold: options.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data is no failure: an idle pipeline has no errors and no iterator age.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${options.description} See docs/operations.md.`,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      alarms[name] = created;
      return created;
    };

    alarm(
      'failedBatches',
      props.failedBatches.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      }),
      {
        threshold: 0,
        description:
          'A stream batch failed every retry: its articles are stored but not published until republished.',
      },
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`errors-${name}`, fn.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }), {
        threshold: 0,
        description: `The ${name} function failed (threw, timed out or ran out of memory).`,
      });
    }
    alarm(
      'iteratorAge',
      props.publisher.metric('IteratorAge', { period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
      {
        threshold: iteratorAgeThreshold.toMilliseconds(),
        description: `The publisher is more than ${iteratorAgeThreshold.toHumanString()} behind the table's stream, which keeps records for 24 hours.`,
      },
    );
    alarm('ingest5xx', this.serverErrors(props), {
      threshold: 0,
      description:
        props.ingestRouteKey === undefined
          ? 'The HTTP API answered a 5xx: a partner told to retry, or an editor refused, for a fault of ours.'
          : 'Ingest answered a 5xx: a partner was told to retry for a fault of ours.',
    });
    this.alarms = alarms;

    const own = (metricName: string, statistic: string, label: string, dimensions = 'service') =>
      new MathExpression({
        // Each function records under its own `service` dimension, so the dashboard finds them by name.
        expression: `SEARCH('{${namespace},${dimensions}} MetricName="${metricName}"', '${statistic}', ${DASHBOARD_PERIOD.toSeconds()})`,
        label,
        period: DASHBOARD_PERIOD,
        usingMetrics: {},
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
    });
    this.dashboardUrl = `https://console.aws.amazon.com/cloudwatch/home?region=${Stack.of(this).region}#dashboards/dashboard/${this.dashboard.dashboardName}`;
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Syndication pipeline\nWhat each graph and alarm means, and what to do when one fires: `docs/operations.md`.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(alarms), width: 24 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Deliveries accepted',
        left: [own(METRIC.deliveriesAccepted, 'Sum', 'Accepted')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Deliveries refused, by reason',
        left: [own(METRIC.deliveriesRefused, 'Sum', '', `${REFUSAL_REASON},service`)],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Publish latency (ms, newest change to published)',
        left: [own(METRIC.publishLatency, 'p50', 'p50'), own(METRIC.publishLatency, 'p99', 'p99')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Objects written to the site',
        left: [own(METRIC.objectsWritten, 'Sum', '')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: Object.entries(props.functions).map(([name, fn]) =>
          fn.metricErrors({ period: DASHBOARD_PERIOD, statistic: Stats.SUM, label: name }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Publisher iterator age (ms)',
        left: [
          props.publisher.metric('IteratorAge', { period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
        ],
        leftAnnotations: [{ value: iteratorAgeThreshold.toMilliseconds(), label: 'alarm' }],
        width: 12,
      }),
    );
  }

  /** API Gateway's `5xx` for the partner route when its key is given, else for the whole API. */
  private serverErrors(props: PipelineMonitoringProps): IMetric {
    const options = { period: Duration.minutes(1), statistic: Stats.SUM };
    if (props.ingestRouteKey === undefined) return props.httpApi.metricServerError(options);
    return new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: {
        ApiId: props.httpApi.apiId,
        Stage: props.stageName ?? '$default',
        Route: props.ingestRouteKey,
      },
      ...options,
    });
  }
}
