import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbArticleCatalog } from '../adapters/dynamodb/dynamodb-article-catalog';
import { DynamoDbArticleStore } from '../adapters/dynamodb/dynamodb-article-store';
import { DynamoDbJobStore } from '../adapters/dynamodb/dynamodb-job-store';
import { DynamoDbPublishLock } from '../adapters/dynamodb/dynamodb-publish-lock';
import { DynamoDbRateLimiter } from '../adapters/dynamodb/dynamodb-rate-limiter';
import { HttpHubNotifier } from '../adapters/websub/http-hub-notifier';
import type { RuntimeConfig } from '../config/runtime-config';
import type { HubNotifier } from '../ports/hub-notifier';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { ReleaseScheduler } from '../ports/release-scheduler';
import type { SiteBucket } from '../ports/site-bucket';
import { SiteUrls } from '../render/site-urls';
import { observedHubNotifier } from './observed-hub-notifier';
import type { PipelineContext } from './pipeline-context';
import { type PipelineMetrics, SILENT_METRICS } from './pipeline-metrics';

/** What a context is assembled from: the table's client, and the site bucket as an adapter already made. */
export interface PipelineParts {
  dynamodb: DynamoDBClient;
  bucket: SiteBucket;
  partners: PartnerDirectory;
  logger?: Logger;
  /** Silent unless given: only a Lambda, which flushes them per invocation, records metrics anywhere. */
  metrics?: PipelineMetrics;
  /** How the configured WebSub hubs are told; over HTTP with the default limits unless given. */
  hubNotifier?: HubNotifier;
  /** Arms embargo releases: the ingest's only. */
  releases?: ReleaseScheduler;
}

/**
 * Wires the table's adapters around a site bucket the caller made. This file imports no S3 code, so a
 * Lambda that never writes the site (ingest, the editor) bundles no S3 client
 * (docs/decisions/0042-lean-lambda-bundles.md); `createPipelineContext` makes the S3 bucket itself.
 */
export function assemblePipelineContext(config: RuntimeConfig, parts: PipelineParts): PipelineContext {
  const logger = parts.logger ?? new Logger({ serviceName: 'syndication' });
  const metrics = parts.metrics ?? SILENT_METRICS;
  const hubs = config.site.websubHubs ?? [];
  return {
    store: new DynamoDbArticleStore({ client: parts.dynamodb, tableName: config.tableName }),
    catalog: new DynamoDbArticleCatalog({ client: parts.dynamodb, tableName: config.tableName }),
    jobs: new DynamoDbJobStore({ client: parts.dynamodb, tableName: config.tableName }),
    rateLimiter: new DynamoDbRateLimiter({ client: parts.dynamodb, tableName: config.tableName }),
    lock: new DynamoDbPublishLock({ client: parts.dynamodb, tableName: config.tableName }),
    bucket: parts.bucket,
    partners: parts.partners,
    urls: new SiteUrls(config.publicBaseUrl),
    site: config.site,
    logger,
    metrics,
    ...(parts.releases ? { releases: parts.releases } : {}),
    // No hub configured, no notifier: nothing is ever sent.
    ...(hubs.length === 0
      ? {}
      : {
          hubNotifier: observedHubNotifier(parts.hubNotifier ?? new HttpHubNotifier(hubs), logger, metrics),
        }),
  };
}
