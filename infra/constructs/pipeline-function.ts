import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { keys, TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design';
import { METRICS_NAMESPACE } from '../../shared/runtime/pipeline-metrics';
import { FUNCTION_BUNDLING } from './function-bundling';
import { acknowledgeResolved, findingName } from './nag-findings';

/** What a {@link PipelineFunction} runs and how large it is; everything else is the app's default. */
export interface PipelineFunctionProps {
  /** The handler file, relative to the project root, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  readonly description: string;
  /** `POWERTOOLS_SERVICE_NAME`: the `service` of its logs, metrics and traces. */
  readonly serviceName: string;
  /** Default 1024 MB: rendering and cleaning are CPU-bound, and Lambda's CPU grows with memory. */
  readonly memorySize?: number;
  /** Default 30 s. */
  readonly timeout?: Duration;
  /** Settings beyond the defaults; a resource's name is set by the `use...` method that grants it. */
  readonly environment?: Record<string, string>;
}

/** An object action of the S3 adapter on the site bucket (HEAD is `s3:GetObject`). */
export type SiteObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

/**
 * An exact grant on the table's own items, optionally only under some partition keys, and on the named
 * indexes for a function that queries them. Actions are those of the API calls the function's code
 * makes; a `TransactWriteItems` needs the item actions it contains (PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem), as IAM authorizes each of its items on its own.
 */
export interface TableItemGrant {
  readonly actions: readonly string[];
  /** `dynamodb:LeadingKeys`: the partition keys the actions are limited to. */
  readonly leadingKeys?: readonly string[];
  /**
   * `dynamodb:LeadingKeys` as `StringLike` patterns (`SITEOBJECT#*`): the partitions of one kind of item
   * the actions are limited to, where their keys are many.
   */
  readonly leadingKeyPatterns?: readonly string[];
  /**
   * Global secondary indexes, by name, that the actions also cover besides the table (a Query of an
   * index is authorized on `<table>/index/<name>`). Named, not `index/*`: a new index is not granted
   * to a function that was never written to query it.
   */
  readonly indexes?: readonly string[];
}

/**
 * The partitions the site writers write with BatchWriteItem, which takes no condition: the content
 * hashes (`SITEOBJECT#…`, decision 0039) and the sitemap's entries and shard records (decision 0046),
 * items whose last write wins.
 */
export const BATCH_WRITTEN_PARTITIONS: readonly string[] = [
  keys.siteObjectPartitions,
  keys.sitemapEntryPartition,
  keys.sitemapShardPartition,
];

/**
 * The table's two catalog indexes (every article by partner, every article), which only the article
 * catalog queries: the editor's list and a republish job's pages.
 */
export const CATALOG_INDEXES: readonly string[] = [
  TABLE_DESIGN.byPartnerIndex.name,
  TABLE_DESIGN.catalogIndex.name,
];

/**
 * What a function may do on the table: read (items and every index), read and write, or exactly the
 * listed item-level grants, which is what every function of this app takes (least privilege).
 */
export type TableAccess = 'read' | 'readWrite' | readonly TableItemGrant[];

/**
 * One Lambda function of the pipeline with the app's defaults, so that each function is its handler,
 * its size and its grants: Node.js 22 on ARM64; bundled by the local esbuild exactly as the bundle test
 * bundles it (`FUNCTION_BUNDLING`: minified ESM with source maps); active tracing; Powertools settings
 * (service name, metrics namespace, log level); its own log group (one month) and its own role, which
 * may write that log group and nothing else until a `use...` method grants a resource.
 *
 * Each `use...` method grants access to a resource and sets the environment variable that names it,
 * in one call, so a function never knows a resource it may not use nor may use one it does not know.
 */
export class PipelineFunction extends Construct {
  public readonly function: NodejsFunction;
  /** Its execution role: no managed policy, only the statements granted here. */
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const logGroup = new LogGroup(this, 'LogGroup', { retention: RetentionDays.ONE_MONTH });
    // Its own role instead of AWSLambdaBasicExecutionRole, which would let it create log groups and write
    // to any of them: it writes to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.serviceName} function`,
    });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${root}${props.entry}`,
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      description: props.description,
      // Node 22: AWS stops creating nodejs20.x functions on 2027-02-01. The bundle targets Node 20 syntax,
      // which Node 22 runs unchanged, so the code tested on Node 20 here is the code deployed (decision 0005).
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      role: this.role,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Responses can be whole rendered pages or an editor's article: not trace annotations.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        ...props.environment,
      },
      bundling: FUNCTION_BUNDLING,
    });
    Validations.of(this.function.node.defaultChild ?? this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22, not the newest runtime, is deliberate: the code is developed and tested on Node 20 and bundled for Node 20 syntax (docs/decisions/0005-toolchain-pins-for-node-20.md); 22 is the closest runtime AWS still supports for new functions. Moving the toolchain forward moves this with it.',
    });
    Validations.of(this.policy()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions that have no resource-level permissions are granted on "*": xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and, for a function fed by the table stream, dynamodb:ListStreams (its event source mapping). Every other statement names its table, stream, bucket, secret, queue or log group (tests/infra/pipeline-function.test.ts pins this).',
    });
  }

  /**
   * Lets the function use the article table (`TABLE_NAME`). `read` and `readWrite` are CDK's broad
   * grants (Scan and the batch actions included) on the table and all its indexes; a list of item
   * grants covers exactly those actions on the table's items and the indexes it names.
   */
  useTable(table: ITable, access: TableAccess): void {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read' || access === 'readWrite') {
      if (access === 'read') table.grantReadData(this.role);
      else table.grantReadWriteData(this.role);
      acknowledgeResolved(this.policy(), () => [
        {
          id: `AwsSolutions-IAM5[Resource::${findingName(this, table.tableArn)}/index/*]`,
          reason: `CDK's ${access === 'read' ? 'read' : 'read and write'} grant covers every global secondary index of this one table (byPartner, catalog; keys only), whether or not the function queries them; no other table is reachable. The app's own functions take item-level grants that name the indexes they query instead.`,
        },
      ]);
      return;
    }
    for (const grant of access) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...grant.actions],
          resources: [
            table.tableArn,
            ...(grant.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`),
          ],
          ...(grant.leadingKeys === undefined
            ? {}
            : {
                conditions: {
                  'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...grant.leadingKeys] },
                },
              }),
          ...(grant.leadingKeyPatterns === undefined
            ? {}
            : {
                conditions: {
                  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.leadingKeyPatterns] },
                },
              }),
        }),
      );
    }
  }

  /**
   * Lets the function call exactly `actions` on the site bucket's objects (`BUCKET_NAME`), as the S3
   * adapter calls them, plus s3:ListBucket so that a HEAD of a key not yet written answers 404 rather
   * than 403, which the adapter needs to tell "absent" from "denied".
   */
  useBucket(bucket: IBucket, actions: readonly SiteObjectAction[]): void {
    this.function.addEnvironment('BUCKET_NAME', bucket.bucketName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects('*')] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    acknowledgeResolved(this.policy(), () => [
      {
        id: `AwsSolutions-IAM5[Resource::${findingName(this, bucket.bucketArn)}/*]`,
        reason: `The site's objects (pages, article JSON, feeds, the index, assets) live under many prefixes of this one bucket, so object access spans its key space. The actions are exactly ${actions.join(', ')}; no bucket-level action but ListBucket.`,
      },
    ]);
  }

  /**
   * Lets the function read the partner secrets (`PARTNER_SECRET_ARN`): the one Secrets Manager secret
   * holding every partner's webhook secrets. Only the ingest function verifies signatures.
   */
  usePartnerSecret(secret: ISecret): void {
    this.function.addEnvironment('PARTNER_SECRET_ARN', secret.secretArn);
    secret.grantRead(this.role);
  }

  /**
   * Lets the function arm and disarm embargo releases (`RELEASE_*`): create and delete one-time
   * schedules in the release schedule group only, and pass the scheduler's role (to EventBridge
   * Scheduler only), which may invoke the release function only (infra/constructs/release-function.ts).
   */
  useReleaseSchedules(settings: { groupName: string; targetArn: string; roleArn: string }): void {
    this.function.addEnvironment('RELEASE_SCHEDULE_GROUP', settings.groupName);
    this.function.addEnvironment('RELEASE_FUNCTION_ARN', settings.targetArn);
    this.function.addEnvironment('RELEASE_SCHEDULER_ROLE_ARN', settings.roleArn);
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${settings.groupName}/*`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [settings.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(this.policy()).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${releaseSchedulesFinding(this, schedules)}]`,
      reason:
        'Release schedules are named per article and instant (release-<articleId>-<epoch ms>), made and deleted as embargoes come and go, so the grant covers the schedules of the one release schedule group; only CreateSchedule and DeleteSchedule.',
    });
  }

  /** The role's default policy, where its statements and their cdk-nag acknowledgements live. */
  private policy(): Policy {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (!(policy instanceof Policy)) throw new Error(`${this.node.path}: the role has no default policy`);
    return policy;
  }
}

/**
 * How cdk-nag spells the release schedules' ARN: the resolved join, each pseudo parameter or reference
 * as `<Name>`, each attribute as `<Resource.Attribute>`, and whatever the stack knows (its region, when
 * the app is given one) as itself.
 */
function releaseSchedulesFinding(scope: Construct, schedules: string): string {
  const resolved: unknown = Stack.of(scope).resolve(schedules);
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) throw new Error(`${scope.node.path}: cannot name ${JSON.stringify(resolved)}`);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref !== undefined) return `<${ref}>`;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt !== undefined) return `<${getAtt[0]}.${getAtt[1]}>`;
      throw new Error(`${scope.node.path}: cannot name ${JSON.stringify(part)}`);
    })
    .join(join[0]);
}
