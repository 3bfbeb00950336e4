import { Duration } from 'aws-cdk-lib';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { JOB_STREAM_FILTERS, keys } from '../../shared/adapters/dynamodb/table-design';
import { BATCH_WRITTEN_PARTITIONS, CATALOG_INDEXES, PipelineFunction } from './pipeline-function';
import { type SiteRenderingSettings, siteRenderingEnvironment } from './site-rendering-function';

/** Properties of {@link RepublisherFunction}: the settings of every site-rendering function. */
export interface RepublisherFunctionProps extends SiteRenderingSettings {}

/**
 * The republisher Lambda and its event source: the table's stream, filtered to running `Job` items,
 * through an event source mapping of its own beside the publisher's. Each record of a job's item
 * runs the job's next chunk, whose progress update is the next record
 * (docs/decisions/0023-republish-jobs-continue-through-the-stream.md).
 *
 * A chunk renders for a few seconds under the publish lease; the function's timeout stays below the
 * lease (90 s, decision 0008) so it never writes after its lease could lapse. The handler ends a job
 * that keeps failing as `failed` after five tries, so the mapping retries only what the table could
 * not record; a batch that still fails is bisected to its job and, at the end of its retries, dropped:
 * its job's item stays `running` with an old `updatedAt`, which the API shows as `failed` after five
 * minutes (shared/jobs/republish-jobs.ts), and a new job redoes it (renders are idempotent).
 */
export class RepublisherFunction extends PipelineFunction {
  constructor(scope: Construct, id: string, props: RepublisherFunctionProps) {
    super(scope, id, {
      entry: 'functions/republisher/handler.ts',
      description: 'Runs republish jobs chunk by chunk from the article table stream',
      serviceName: 'republisher',
      // Below the 90 s publish lease (decision 0008). A chunk renders for 3 s; the rest is room to wait
      // for the lease and let pending publishes go first.
      timeout: Duration.seconds(60),
      environment: siteRenderingEnvironment(props),
    });

    // Exactly what a chunk calls (tests/integration/function-grants.test.ts watches it): it reads
    // articles, orders, pending markers, the feed list and partner profiles (GetItem, BatchGetItem,
    // Query) and pages through the catalog indexes; Updates its job's progress and the feed list; Puts
    // and Deletes only the lease; BatchWriteItem records and forgets the site objects' content hashes
    // (decision 0039) and writes the sitemap's entries and shard records (decision 0046). It never
    // writes an article, an order or a publication.
    this.useTable(props.table, [
      { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'] },
      // Unconditional batch writes, so only on the content hashes' and the sitemap's partitions.
      { actions: ['dynamodb:BatchWriteItem'], leadingKeyPatterns: BATCH_WRITTEN_PARTITIONS },
      { actions: ['dynamodb:Query'], indexes: CATALOG_INDEXES },
      { actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], leadingKeys: [keys.publishLock.pk] },
      // Seals RFC 5005 archives that are due while it rebuilds a feed's (decision 0044).
      { actions: ['dynamodb:PutItem'], leadingKeyPatterns: [keys.archivePartition('*')] },
    ]);
    this.useBucket(props.bucket, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);

    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // No coalescing window: a job's next chunk should start as soon as the last one is recorded.
        retryAttempts: 20,
        bisectBatchOnError: true,
        parallelizationFactor: 1,
        reportBatchItemFailures: false,
        filters: JOB_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );
  }
}
