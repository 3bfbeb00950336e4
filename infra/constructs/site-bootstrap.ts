import { Duration } from 'aws-cdk-lib';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/table-design';
import { PipelineFunction } from './pipeline-function';
import { type SiteRenderingSettings, siteRenderingEnvironment } from './site-rendering-function';

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
 * run by a CloudFormation trigger after the table, the bucket and their grants are in place (the data
 * stack deploys before the app stack), and again whenever the function changes (a deployment that
 * changes how the site renders). It waits for the result, so a site that cannot be made fails the deployment instead of answering 404.
 *
 * The trigger's provider is aws-cdk-lib's own function, one per stack, on the library's choice of
 * runtime and with `AWSLambdaBasicExecutionRole`; it may invoke only this function's versions. It is a
 * raw CloudFormation resource, so cdk-nag does not inspect it.
 */
export class SiteBootstrap extends PipelineFunction {
  /** The deploy-time trigger that runs it. */
  public readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: SiteBootstrapProps) {
    super(scope, id, {
      entry: 'functions/site-bootstrap/handler.ts',
      description: 'Renders the index, every registry feed and the site furniture at deploy time',
      serviceName: 'site-bootstrap',
      timeout: BOOTSTRAP_TIMEOUT,
      environment: siteRenderingEnvironment(props),
    });

    // Least privilege: it reads anything (the current state, the partner profiles), and writes only the
    // lease item, the list of known feeds and the site objects' content hashes (BatchWriteItem, decision
    // 0039); never an article, an order or a publication.
    this.useTable(props.table, [
      { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] },
      { actions: ['dynamodb:BatchWriteItem'], leadingKeyPatterns: [keys.siteObjectPartitions] },
      { actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], leadingKeys: [keys.publishLock.pk] },
      { actions: ['dynamodb:UpdateItem'], leadingKeys: [keys.feedScopes.pk] },
      // Seals RFC 5005 archives that are due (all of them, the first deploy with archives; decision 0044).
      { actions: ['dynamodb:PutItem'], leadingKeyPatterns: [keys.archivePartition('*')] },
    ]);
    // PUT only; it never deletes.
    this.useBucket(props.bucket, ['s3:GetObject', 's3:PutObject']);

    this.trigger = new Trigger(this, 'Trigger', {
      handler: this.function,
      // The invocation is awaited at least as long as the function may run.
      timeout: BOOTSTRAP_TIMEOUT.plus(Duration.seconds(30)),
      executeOnHandlerChange: true,
      executeAfter: [props.table, props.bucket, this.role, ...(props.executeAfter ?? [])],
    });
  }
}
