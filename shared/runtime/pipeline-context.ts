import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDbSiteObjectHashes } from '../adapters/dynamodb/dynamodb-site-object-hashes';
import { S3SiteBucket } from '../adapters/s3/s3-site-bucket';
import { EventBridgeReleaseScheduler } from '../adapters/scheduler/eventbridge-release-scheduler';
import type { RuntimeConfig } from '../config/runtime-config';
import type { ArticleCatalog } from '../ports/article-catalog';
import type { ArticleStore } from '../ports/article-store';
import type { HubNotifier } from '../ports/hub-notifier';
import type { JobStore } from '../ports/job-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { PublishLock } from '../ports/publish-lock';
import type { RateLimiter } from '../ports/rate-limiter';
import type { ReleaseScheduler } from '../ports/release-scheduler';
import type { SiteBucket } from '../ports/site-bucket';
import type { SiteSettings } from '../render/site-settings';
import type { SiteUrls } from '../render/site-urls';
import { assemblePipelineContext } from './assemble-pipeline-context';
import type { PipelineMetrics } from './pipeline-metrics';
import { UnconfiguredSiteBucket } from './unconfigured-site-bucket';

/** Everything the use cases need, wired once per process (a Lambda container, or `npm start`). */
export interface PipelineContext {
  store: ArticleStore;
  catalog: ArticleCatalog;
  /** Republish jobs (shared/jobs/). */
  jobs: JobStore;
  rateLimiter: RateLimiter;
  lock: PublishLock;
  bucket: SiteBucket;
  partners: PartnerDirectory;
  urls: SiteUrls;
  site: SiteSettings;
  logger: Logger;
  /** What the handlers record metrics with (shared/runtime/pipeline-metrics.ts). */
  metrics: PipelineMetrics;
  /** Tells the WebSub hubs of changed feeds, logged and counted; absent when no hub is configured. */
  hubNotifier?: HubNotifier;
  /** Arms embargo releases; only ingest is given one (timers locally, EventBridge Scheduler in AWS). */
  releases?: ReleaseScheduler;
}

/** The clients and directory a context is built from; passed in so tests and the local run choose them. */
export interface PipelineClients {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  partners: PartnerDirectory;
  logger?: Logger;
  /** Silent unless given: only a Lambda, which flushes them per invocation, records metrics anywhere. */
  metrics?: PipelineMetrics;
  /** How the configured WebSub hubs are told; over HTTP with the default limits unless given. */
  hubNotifier?: HubNotifier;
}

/** Wires the adapters for a validated configuration. */
export function createPipelineContext(config: RuntimeConfig, clients: PipelineClients): PipelineContext {
  return assemblePipelineContext(config, {
    ...clients,
    // Only the functions that write the site are given its bucket (and a grant on it).
    bucket:
      config.bucketName === undefined
        ? new UnconfiguredSiteBucket()
        : new S3SiteBucket({
            client: clients.s3,
            bucketName: config.bucketName,
            hashes: new DynamoDbSiteObjectHashes({ client: clients.dynamodb, tableName: config.tableName }),
          }),
    ...(config.releaseSchedule
      ? {
          releases: new EventBridgeReleaseScheduler({
            client: new SchedulerClient({}),
            ...config.releaseSchedule,
          }),
        }
      : {}),
  });
}
