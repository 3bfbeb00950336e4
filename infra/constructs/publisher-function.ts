import { Duration, Validations } from 'aws-cdk-lib';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ARTICLE_HEAD_STREAM_FILTERS, keys } from '../../shared/adapters/dynamodb/table-design';
import { BATCH_WRITTEN_PARTITIONS, PipelineFunction } from './pipeline-function';
import { type SiteRenderingSettings, siteRenderingEnvironment } from './site-rendering-function';

/**
 * Properties of {@link PublisherFunction}: the settings of every site-rendering function. The table's
 * stream feeds the function, which reads and writes the table.
 */
export interface PublisherFunctionProps extends SiteRenderingSettings {}

/**
 * The publisher Lambda and its event source: every change to an article head reaches it through the
 * table's DynamoDB stream, as it does locally through the poller. It renders pages and feeds into the
 * site bucket from the table's current state (decision 0003), one publisher at a time (decision 0008).
 *
 * Only article-head records invoke it (event filtering on `entity`). A failed batch is retried whole,
 * then bisected; a batch that still fails is described in an encrypted SQS dead-letter queue, and its
 * articles' pending markers stay in the table, so nothing is lost silently.
 */
export class PublisherFunction extends PipelineFunction {
  /** Where descriptions of stream batches that failed every retry go (shard and sequence numbers). */
  public readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: PublisherFunctionProps) {
    super(scope, id, {
      entry: 'functions/publisher/handler.ts',
      description: 'Renders pages and feeds from the article table stream',
      serviceName: 'publisher',
      // Must stay below the publish lease (90 s, decision 0008): Lambda stops the function before its lease
      // can expire, so no second publisher takes the lease while this one still writes.
      timeout: Duration.seconds(60),
      environment: siteRenderingEnvironment(props),
    });

    // Exactly what a publish calls (tests/integration/function-grants.test.ts watches it): it reads the
    // current state (GetItem, BatchGetItem; Query of the order partitions and the partner profiles, not
    // of an index), Puts Publication items and the lease, Deletes pending markers and the lease, and
    // Updates only the list of known feeds; BatchGetItem and BatchWriteItem also read, record and forget the
    // site objects' content hashes (decision 0039), and BatchWriteItem writes the sitemap's entries and
    // shard records (decision 0046). PUT pages and feeds, DELETE withdrawn articles' data.
    this.useTable(props.table, [
      {
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:DeleteItem',
        ],
      },
      { actions: ['dynamodb:UpdateItem'], leadingKeys: [keys.feedScopes.pk] },
      // Unconditional batch writes, so only on the content hashes' and the sitemap's partitions.
      { actions: ['dynamodb:BatchWriteItem'], leadingKeyPatterns: BATCH_WRITTEN_PARTITIONS },
    ]);
    this.useBucket(props.bucket, ['s3:PutObject', 's3:DeleteObject']);

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

    this.function.addEventSource(
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

    this.deadLetterQueue = deadLetterQueue;
  }
}
