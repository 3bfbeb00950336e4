import { fileURLToPath } from 'node:url';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  FilterCriteria,
  type IFunction,
  Runtime,
  StartingPosition,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ARTICLE_HEAD_STREAM_FILTERS } from '../../shared/adapters/dynamodb/table-design';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import type { PublicPartnerInput } from '../../shared/config/partner-registry-schema';

/** Properties of {@link PublisherFunction}. */
export interface PublisherFunctionProps {
  /** The article table (the `ArticleTable`'s table). Its stream feeds the function, which reads and writes it. */
  readonly table: ITable;
  /** The bucket of the published site (the `SiteBucket`'s bucket), where pages and feeds are written. */
  readonly bucket: IBucket;
  /** Base of every absolute URL in pages and feeds, e.g. `https://news.example` (`PUBLIC_BASE_URL`). */
  readonly publicBaseUrl: string;
  /** Title of the site and its feeds (`SITE_TITLE`); the runtime default when left out. */
  readonly siteTitle?: string;
  /** Description of the site and its feeds (`SITE_DESCRIPTION`); the runtime default when left out. */
  readonly siteDescription?: string;
  /** Language tag of the site's own pages (`SITE_LANGUAGE`); the runtime default when left out. */
  readonly siteLanguage?: string;
  /**
   * The partner registry without its secrets (name, homepage, agreement, carried publishers, ...): what
   * canonical links, robots directives and feed titles need. Validated at synth (a partner with `secrets`
   * is refused, so they never reach the template) and passed to the function as `PARTNERS_JSON`.
   */
  readonly partners: readonly PublicPartnerInput[];
}

/** Lambda refuses a function whose environment variables, names and values together, exceed 4 KB. */
const LAMBDA_ENVIRONMENT_LIMIT = 4 * 1024;
/** The longest a table name (255) or bucket name (63) can be: the length of a token once it is resolved. */
const TOKEN_WORST_CASE_LENGTH = 255;

/**
 * The publisher Lambda and its event source: every change to an article head reaches it through the
 * table's DynamoDB stream, as it does locally through the poller. It renders pages and feeds into the
 * site bucket from the table's current state (decision 0003), one publisher at a time (decision 0008).
 *
 * Only article-head records invoke it (event filtering on `entity`). A failed batch is retried whole,
 * then bisected; a batch that still fails is described in an encrypted SQS dead-letter queue, and its
 * articles' pending markers stay in the table, so nothing is lost silently.
 */
export class PublisherFunction extends Construct {
  /** The publisher function. */
  public readonly function: IFunction;
  /** Where descriptions of stream batches that failed every retry go (shard and sequence numbers). */
  public readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: PublisherFunctionProps) {
    super(scope, id);

    // Fail the synth, not the first cold start, on a bad registry; and keep secrets out of the template.
    PartnerRegistry.parsePublic({ partners: props.partners }, 'PublisherFunction partners');
    const environment: Record<string, string> = {
      TABLE_NAME: props.table.tableName,
      BUCKET_NAME: props.bucket.bucketName,
      PUBLIC_BASE_URL: props.publicBaseUrl,
      PARTNERS_JSON: JSON.stringify({ partners: props.partners }),
      ...(props.siteTitle === undefined ? {} : { SITE_TITLE: props.siteTitle }),
      ...(props.siteDescription === undefined ? {} : { SITE_DESCRIPTION: props.siteDescription }),
      ...(props.siteLanguage === undefined ? {} : { SITE_LANGUAGE: props.siteLanguage }),
      NODE_OPTIONS: '--enable-source-maps',
    };
    assertEnvironmentFits(this, environment);

    const root = fileURLToPath(new URL('../../', import.meta.url));
    const logGroup = new LogGroup(this, 'LogGroup', { retention: RetentionDays.ONE_MONTH });
    // Its own role instead of AWSLambdaBasicExecutionRole, which would let it create log groups and write
    // to any of them: it writes to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Publisher: reads and writes the article table, writes the site bucket',
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, 'Function', {
      entry: `${root}functions/publisher/handler.ts`,
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      description: 'Renders pages and feeds from the article table stream',
      // Node 22: AWS stops creating nodejs20.x functions on 2027-02-01. The bundle targets Node 20 syntax,
      // which Node 22 runs unchanged, so the code tested on Node 20 here is the code deployed (decision 0005).
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      // Must stay below the publish lease (90 s, decision 0008): Lambda stops the function before its lease
      // can expire, so no second publisher takes the lease while this one still writes.
      timeout: Duration.seconds(60),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node20',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Bundle the pinned AWS SDK (decision 0005) instead of whichever version the runtime carries.
        externalModules: [],
        // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });

    // It reads the current state, writes Publication items, deletes pending markers, takes and returns the lease.
    props.table.grantReadWriteData(fn);
    // Exactly what the S3 adapter calls, not grantReadWrite's wildcards: HEAD (s3:GetObject) to skip
    // unchanged bytes, PUT pages and feeds, DELETE withdrawn ones. s3:ListBucket makes a HEAD of a key not
    // yet written answer 404 rather than 403, which the adapter needs to tell "absent" from "denied".
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [props.bucket.arnForObjects('*')],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }),
    );
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) throw new Error(`${this.node.path}: the role has no default policy`);
    Validations.of(policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only actions without resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and dynamodb:ListStreams (the DynamoDB event source). Every other statement names its table, stream, bucket, queue or log group.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${findingName(this, props.table.tableArn)}/index/*]`,
        reason:
          "grantReadWriteData covers the table's own GSIs (byPartner, catalog; keys only) under this one table's ARN; no other table is reachable.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${findingName(this, props.bucket.bucketArn)}/*]`,
        reason:
          'The publisher owns the whole site: pages, article JSON, feeds, index and assets live under many prefixes of this one bucket, so object access spans its key space. Actions are exactly GetObject, PutObject and DeleteObject.',
      },
    );
    Validations.of(fn.node.defaultChild ?? fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22, not the newest runtime, is deliberate: the code is developed and tested on Node 20 and bundled for Node 20 syntax (docs/decisions/0005-toolchain-pins-for-node-20.md); 22 is the closest runtime AWS still supports for new functions. Moving the toolchain forward moves this with it.',
    });

    const deadLetterQueue = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue.node.defaultChild ?? deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the publisher event source mapping; its messages only describe failed stream batches and are read by an operator, so there is nothing to redrive them to.',
    });

    fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // A few seconds of coalescing: one render of a shared feed for a burst of deliveries.
        maxBatchingWindow: Duration.seconds(5),
        retryAttempts: 10,
        bisectBatchOnError: true,
        parallelizationFactor: 1,
        // The handler fails whole batches (rendering from current state makes a retry safe, decision 0003).
        reportBatchItemFailures: false,
        onFailure: new SqsDlq(deadLetterQueue),
        filters: ARTICLE_HEAD_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );

    this.function = fn;
    this.deadLetterQueue = deadLetterQueue;
  }
}

/** Throws at synth when the environment could exceed Lambda's 4 KB, counting each token at its worst case. */
function assertEnvironmentFits(scope: Construct, environment: Record<string, string>): void {
  const size = Object.entries(environment).reduce(
    (total, [name, value]) =>
      total +
      Buffer.byteLength(name) +
      (Token.isUnresolved(value) ? TOKEN_WORST_CASE_LENGTH : Buffer.byteLength(value)),
    0,
  );
  if (size > LAMBDA_ENVIRONMENT_LIMIT) {
    throw new Error(
      `${scope.node.path}: the environment may reach ${size} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}; ` +
        'the partner registry has outgrown PARTNERS_JSON and belongs in the table',
    );
  }
}

/**
 * How cdk-nag spells an ARN in a finding id: `<LogicalId.Arn>` for a resource of this stack, the ARN itself
 * when it is a literal. Acknowledges a finding on one resource's wildcard, not on every wildcard.
 */
function findingName(scope: Construct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt === undefined) throw new Error(`${scope.node.path}: cannot name ${JSON.stringify(resolved)}`);
  return `<${getAtt[0]}.${getAtt[1]}>`;
}
