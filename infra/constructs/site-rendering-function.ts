import { fileURLToPath } from 'node:url';
import { type Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import type { PublicPartnerInput } from '../../shared/config/partner-registry-schema';
import { FUNCTION_BUNDLING } from './function-bundling';

/** What every function that renders the site is configured with, so they all render the same site. */
export interface SiteRenderingSettings {
  /** The article table (the `ArticleTable`'s table), read for the current state. */
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
  /** The most of an article's body a feed item carries, in bytes (`FEED_EXCERPT_BYTES`); the runtime default when left out. */
  readonly feedExcerptBytes?: number;
  /**
   * The partner registry without its secrets (name, homepage, agreement, languages, carried
   * publishers, ...): what canonical links, robots directives, feed titles and the registry's feeds
   * need. Validated at synth (a partner with `secrets` is refused, so they never reach the template)
   * and passed to the function as `PARTNERS_JSON`.
   */
  readonly partners: readonly PublicPartnerInput[];
}

/** One site-rendering Lambda: which handler, and how long and large it runs. */
export interface SiteRenderingFunctionOptions {
  /** The handler file, relative to the project root, e.g. `functions/publisher/handler.ts`. */
  readonly entry: string;
  readonly description: string;
  /** What the role may do, in a sentence, for whoever reads the IAM console. */
  readonly roleDescription: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly settings: SiteRenderingSettings;
}

/** Lambda refuses a function whose environment variables, names and values together, exceed 4 KB. */
const LAMBDA_ENVIRONMENT_LIMIT = 4 * 1024;
/** The longest a table name (255) or bucket name (63) can be: the length of a token once it is resolved. */
const TOKEN_WORST_CASE_LENGTH = 255;

/**
 * A Node.js Lambda that renders the site, as children `LogGroup`, `Role` and `Function` of `scope`:
 * the pinned runtime and bundling, active tracing, its own log group, and a role that may write only
 * to that log group. The caller grants what its handler reads and writes.
 */
export function createSiteRenderingFunction(
  scope: Construct,
  options: SiteRenderingFunctionOptions,
): { function: NodejsFunction; role: Role } {
  const environment = siteRenderingEnvironment(scope, options.settings);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const logGroup = new LogGroup(scope, 'LogGroup', { retention: RetentionDays.ONE_MONTH });
  // Its own role instead of AWSLambdaBasicExecutionRole, which would let it create log groups and write
  // to any of them: it writes to its own log group only.
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: options.roleDescription,
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, 'Function', {
    entry: `${root}${options.entry}`,
    handler: 'handler',
    projectRoot: root,
    depsLockFilePath: `${root}package-lock.json`,
    description: options.description,
    // Node 22: AWS stops creating nodejs20.x functions on 2027-02-01. The bundle targets Node 20 syntax,
    // which Node 22 runs unchanged, so the code tested on Node 20 here is the code deployed (decision 0005).
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: options.memorySize,
    timeout: options.timeout,
    tracing: Tracing.ACTIVE,
    logGroup,
    role,
    environment,
    bundling: FUNCTION_BUNDLING,
  });
  Validations.of(fn.node.defaultChild ?? fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22, not the newest runtime, is deliberate: the code is developed and tested on Node 20 and bundled for Node 20 syntax (docs/decisions/0005-toolchain-pins-for-node-20.md); 22 is the closest runtime AWS still supports for new functions. Moving the toolchain forward moves this with it.',
  });
  return { function: fn, role };
}

/** The environment of a site-rendering function; throws at synth on a bad registry or an oversized one. */
function siteRenderingEnvironment(scope: Construct, settings: SiteRenderingSettings): Record<string, string> {
  // Fail the synth, not the first cold start, on a bad registry; and keep secrets out of the template.
  PartnerRegistry.parsePublic({ partners: settings.partners }, `${scope.node.path} partners`);
  const environment: Record<string, string> = {
    TABLE_NAME: settings.table.tableName,
    BUCKET_NAME: settings.bucket.bucketName,
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    PARTNERS_JSON: JSON.stringify({ partners: settings.partners }),
    ...(settings.siteTitle === undefined ? {} : { SITE_TITLE: settings.siteTitle }),
    ...(settings.siteDescription === undefined ? {} : { SITE_DESCRIPTION: settings.siteDescription }),
    ...(settings.siteLanguage === undefined ? {} : { SITE_LANGUAGE: settings.siteLanguage }),
    ...(settings.feedExcerptBytes === undefined
      ? {}
      : { FEED_EXCERPT_BYTES: String(settings.feedExcerptBytes) }),
    NODE_OPTIONS: '--enable-source-maps',
  };
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
  return environment;
}

/**
 * Lets a site-rendering function call exactly what the S3 adapter calls on the site bucket (`actions`
 * on its objects; HEAD is s3:GetObject), plus s3:ListBucket so that a HEAD of a key not yet written
 * answers 404 rather than 403, which the adapter needs to tell "absent" from "denied". Returns the
 * role's default policy, where cdk-nag findings on these statements are acknowledged.
 */
export function grantSiteObjects(
  scope: Construct,
  fn: NodejsFunction,
  role: Role,
  bucket: IBucket,
  actions: string[],
): Construct {
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) throw new Error(`${scope.node.path}: the role has no default policy`);
  return policy;
}

/**
 * What a function fed by the table's stream to keep the site current (the publisher, the
 * republisher) may do: read and write the table (articles, orders, the catalog index, pending
 * markers, publications, jobs, the lease and the feed list) and get (HEAD), put and delete the site's
 * objects, with the cdk-nag findings these grants raise acknowledged on the role's policy, each with
 * its reason.
 */
export function grantStreamRendering(
  scope: Construct,
  fn: NodejsFunction,
  role: Role,
  settings: Pick<SiteRenderingSettings, 'table' | 'bucket'>,
): void {
  settings.table.grantReadWriteData(fn);
  // Exactly what the S3 adapter calls, not grantReadWrite's wildcards: HEAD to skip unchanged bytes,
  // PUT pages and feeds, DELETE withdrawn articles' data.
  const policy = grantSiteObjects(scope, fn, role, settings.bucket, [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
  ]);
  Validations.of(policy).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions without resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and dynamodb:ListStreams (the DynamoDB event source). Every other statement names the resource it acts on: its table, stream, bucket, log group and, for the publisher, its dead-letter queue.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${findingName(scope, settings.table.tableArn)}/index/*]`,
      reason:
        "grantReadWriteData covers the table's own GSIs (byPartner, catalog; keys only), which a republish job walks, under this one table's ARN; no other table is reachable.",
    },
    {
      id: `AwsSolutions-IAM5[Resource::${findingName(scope, settings.bucket.bucketArn)}/*]`,
      reason:
        "It keeps the whole site current: pages, article JSON, feeds, index and assets live under many prefixes of this one bucket, so object access spans its key space. Actions are exactly GetObject (HEAD), PutObject and DeleteObject (a withdrawn article's data).",
    },
  );
}

/**
 * How cdk-nag spells an ARN in a finding id: `<LogicalId.Arn>` for a resource of this stack, the ARN itself
 * when it is a literal. Acknowledges a finding on one resource's wildcard, not on every wildcard.
 */
export function findingName(scope: Construct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt === undefined) throw new Error(`${scope.node.path}: cannot name ${JSON.stringify(resolved)}`);
  return `<${getAtt[0]}.${getAtt[1]}>`;
}
