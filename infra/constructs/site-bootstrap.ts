import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/table-design';
import {
  createSiteRenderingFunction,
  findingName,
  grantSiteObjects,
  type SiteRenderingSettings,
} from './site-rendering-function';

/** Properties of {@link SiteBootstrap}. */
export interface SiteBootstrapProps extends SiteRenderingSettings {
  /**
   * What must be deployed before the bootstrap runs, beyond the table and bucket it is given (e.g. the
   * publisher, so a deployment's first publish and its bootstrap meet under the same lease).
   */
  readonly executeAfter?: readonly Construct[];
}

/**
 * How long the bootstrap may run: long enough to wait out a lease left by a publisher that crashed
 * (90 s, decision 0008) and still render every feed.
 */
const BOOTSTRAP_TIMEOUT = Duration.minutes(3);

/**
 * Makes the site exist at deploy time (docs/decisions/0014-site-bootstrap.md): a function that renders
 * the index, every feed the registry names and the site furniture from the table's current state,
 * run by a CloudFormation trigger after the table, the bucket and their grants are in place, and
 * again whenever the function changes (a deployment that changes how the site renders). It waits for
 * the result, so a site that cannot be made fails the deployment instead of answering 404.
 *
 * The trigger's provider is aws-cdk-lib's own function, one per stack, on the library's choice of
 * runtime and with `AWSLambdaBasicExecutionRole`; it may invoke only this function's versions. It is a
 * raw CloudFormation resource, so cdk-nag does not inspect it.
 */
export class SiteBootstrap extends Construct {
  /** The bootstrap function. */
  public readonly function: IFunction;
  /** The deploy-time trigger that runs it. */
  public readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: SiteBootstrapProps) {
    super(scope, id);

    const { function: fn, role } = createSiteRenderingFunction(this, {
      entry: 'functions/site-bootstrap/handler.ts',
      description: 'Renders the index, every registry feed and the site furniture at deploy time',
      roleDescription:
        'Site bootstrap: reads the article table, takes the publish lease, writes the site bucket',
      memorySize: 1024,
      timeout: BOOTSTRAP_TIMEOUT,
      settings: props,
    });

    // Least privilege: it reads anything (the current state), and writes only the lease item and the list
    // of known feeds; never an article, an order or a publication.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.publishLock.pk] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.feedScopes.pk] } },
      }),
    );
    // HEAD to skip unchanged bytes and PUT; it never deletes.
    const policy = grantSiteObjects(this, fn, role, props.bucket, ['s3:GetObject', 's3:PutObject']);
    Validations.of(policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing), which have no resource-level permissions. Every other statement names its table, bucket or log group.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${findingName(this, props.bucket.bucketArn)}/*]`,
        reason:
          'The bootstrap writes the index, the feeds under feeds/, the assets under assets/, favicon.ico and 404.html: several prefixes of this one bucket. Actions are exactly GetObject (HEAD) and PutObject; it cannot delete.',
      },
    );

    this.trigger = new Trigger(this, 'Trigger', {
      handler: fn,
      // The invocation is awaited at least as long as the function may run.
      timeout: BOOTSTRAP_TIMEOUT.plus(Duration.seconds(30)),
      executeOnHandlerChange: true,
      executeAfter: [props.table, props.bucket, role, ...(props.executeAfter ?? [])],
    });
    this.function = fn;
  }
}
