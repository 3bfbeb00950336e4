import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { createEditorHandler } from '../functions/editor/handler';
import { createIngestHandler } from '../functions/ingest/handler';
import { createPublisherHandler } from '../functions/publisher/handler';
import { createReleaseHandler } from '../functions/release/handler';
import { createRepublisherHandler } from '../functions/republisher/handler';
import { ARTICLE_HEAD_STREAM_FILTERS, JOB_STREAM_FILTERS } from '../shared/adapters/dynamodb/table-design';
import type { PartnerRegistry } from '../shared/config/partner-registry';
import { type RuntimeConfig, requireBucketName } from '../shared/config/runtime-config';
import type { EditorUseCases } from '../shared/editor/editor-use-cases';
import type { HubNotifier } from '../shared/ports/hub-notifier';
import { bootstrapSite } from '../shared/publish/bootstrap-site';
import { publishConsole } from '../shared/publish/publish-console';
import { editorDependencies } from '../shared/runtime/editor-runtime';
import { createPipelineContext, type PipelineContext } from '../shared/runtime/pipeline-context';
import { SILENT_METRICS } from '../shared/runtime/pipeline-metrics';
import { journalAcceptedDeliveries, replayLostDeliveries } from './accepted-deliveries-journal';
import { apiRoutes } from './api-routes';
import { readConsoleFiles } from './console-files';
import { ensureBucket, ensureTable } from './ensure-resources';
import { createLocalHttpServer } from './http-server';
import { LOCAL_AWS } from './local-credentials';
import { releaseLeftoverLease } from './release-leftover-lease';
import { LocalReleaseTimers } from './release-timers';
import { readSiteHealth } from './site-health';
import { streamFilter } from './stream-filter';
import { StreamPoller, type StreamPollerOptions } from './stream-poller';

/**
 * The SDK's HTTP agent holds at most 50 sockets to a host and queues the rest. Here one process
 * makes every function's requests to the emulators at once (a burst of 50 deliveries, the
 * publisher's writes, the stream pollers), so requests waited behind each other at that cap before
 * the emulator saw them; in AWS each Lambda instance has its own agent for its one invocation.
 */
const LOCAL_REQUEST_HANDLER = { httpAgent: { maxSockets: 256 } };

/** Where the emulators listen and what the pipeline is called there. */
export interface LocalPipelineOptions {
  port: number;
  /** The address the HTTP server binds; loopback unless told otherwise. */
  host?: string;
  config: RuntimeConfig;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  partners: PartnerRegistry;
  /** Where the stream checkpoints persist; in memory when absent. */
  dataDir?: string;
  logger?: Logger;
  /**
   * When true, `/healthz` answers 503 `starting` until `markReady()`: the caller has start-up work
   * left that needs the server (delivering the demo) before the site counts as up.
   */
  deferReady?: boolean;
  /** The editor use cases; the real ones (`createEditorUseCases`) unless a test passes others. */
  editorUseCases?: (context: PipelineContext) => EditorUseCases;
  /**
   * How the publisher's poller retries a failing record and where one that fails every retry goes;
   * by default as the event source mapping in AWS, failures logged.
   */
  publisherRetries?: Pick<StreamPollerOptions, 'retryAttempts' | 'retryDelayMs' | 'onFailure'>;
  /** How the hubs of `config.site.websubHubs` are told of changed feeds; over HTTP unless given. */
  hubNotifier?: HubNotifier;
}

/** A running local pipeline. */
export interface LocalPipeline {
  url: string;
  context: PipelineContext;
  clients: { dynamodb: DynamoDBClient; s3: S3Client };
  /** Ends the `starting` state of `/healthz` (see `deferReady`). */
  markReady(): void;
  stop(): Promise<void>;
}

/**
 * The pipeline on one machine: the same handlers as in AWS, the publisher fed by the table's
 * stream, one HTTP server for the API and the site. The emulators are started by the caller.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const logger = options.logger ?? new Logger({ serviceName: 'syndication-local', logLevel: 'WARN' });
  const dynamodb = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: options.dynamodbEndpoint,
    requestHandler: LOCAL_REQUEST_HANDLER,
  });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: options.dynamodbEndpoint });
  const s3 = new S3Client({
    ...LOCAL_AWS,
    endpoint: options.s3Endpoint,
    forcePathStyle: true,
    requestHandler: LOCAL_REQUEST_HANDLER,
  });
  const { config } = options;

  const streamArn = await ensureTable(dynamodb, config.tableName);
  // One process runs every function here, the publisher included: the site's bucket is required.
  const bucketName = requireBucketName(config);
  await ensureBucket(s3, bucketName);

  // Metrics are silent here: CloudWatch EMF lines would only bury the local run's console.
  const baseContext = createPipelineContext(config, {
    dynamodb,
    s3,
    partners: options.partners,
    logger,
    metrics: SILENT_METRICS,
    hubNotifier: options.hubNotifier,
  });
  // Embargoes are released by timers here, as by EventBridge Scheduler in AWS, through the same handler.
  const release = createReleaseHandler(baseContext);
  const releases = new LocalReleaseTimers({ fire: (due) => release(due), logger });
  const context: PipelineContext = { ...baseContext, releases };
  // The site exists, as the table describes it, before the server answers its first request.
  await bootstrapSite(context);
  // The editor console is served like the site, from the same bucket (decision 0026).
  await publishConsole(context.bucket, await readConsoleFiles());
  const poller = new StreamPoller({
    client: streams,
    streamArn,
    handler: createPublisherHandler(context),
    // As in AWS, only article heads reach the publisher: a batch is counted in articles, not in the
    // eight-odd records each delivery and the publisher's own bookkeeping write.
    filter: streamFilter(ARTICLE_HEAD_STREAM_FILTERS),
    logger,
    ...options.publisherRetries,
    checkpointFile: options.dataDir ? join(options.dataDir, 'stream-checkpoints.json') : undefined,
  });
  // The republisher reads the same stream through its own poller and checkpoints, as its own event
  // source mapping does in AWS: a long job never holds up publishing, nor publishing a job.
  const republisher = new StreamPoller({
    client: streams,
    streamArn,
    handler: createRepublisherHandler(context),
    // Only running jobs, as its mapping's filter: a poll that finds none waits a second, so during a
    // burst it reads the stream in a few large pages rather than chasing every write.
    filter: streamFilter(JOB_STREAM_FILTERS),
    logger,
    // Idle most of the time: a job waits at most a second to start, and its chunks follow one another
    // without waiting (a poll that delivered asks again at once), while idle polls cost the emulator less.
    idleDelayMs: 1000,
    // As its event source mapping in AWS: a chunk that keeps failing is given up after 20 retries.
    retryAttempts: 20,
    checkpointFile: options.dataDir ? join(options.dataDir, 'republisher-checkpoints.json') : undefined,
  });
  // A run on a data directory (npm start) may follow one that was killed mid-publish (decision 0034).
  if (options.dataDir) await releaseLeftoverLease(dynamodb, config.tableName);
  await poller.start();
  await republisher.start();
  // The timers of the last run are gone; the table's release markers say what is still awaited.
  await releases.rearm(await context.store.scheduledReleases());
  const journal = options.dataDir ? join(options.dataDir, 'accepted-deliveries.jsonl') : undefined;
  if (journal) {
    const replayed = await replayLostDeliveries({
      file: journal,
      store: context.store,
      partners: options.partners,
      ingest: createIngestHandler(context),
    });
    if (replayed > 0)
      logger.warn('delivered again what the last run had accepted but DynamoDB Local lost', { replayed });
  }

  // Without editor auth settings nobody knows the token, so every editor request is a 401.
  const editorAuth = config.editorAuth ?? { mode: 'token', token: randomBytes(24).toString('base64url') };
  const editorHandler = createEditorHandler(
    editorDependencies(context, editorAuth, options.editorUseCases?.(context)),
  );

  let ready = options.deferReady !== true;
  const server = createLocalHttpServer({
    routes: apiRoutes(context, editorHandler).map((route) =>
      journal && route.path === '/v1/partners/{partnerId}/articles'
        ? { ...route, handler: journalAcceptedDeliveries(route.handler, journal) }
        : route,
    ),
    // CloudFront sends all of /v1/* to the API, whose `$default` route is the editor function (infra/constructs/pipeline-api.ts).
    defaultRoute: { prefix: '/v1/', handler: editorHandler },
    publicBaseUrl: config.publicBaseUrl,
    s3,
    bucketName,
    health: () =>
      readSiteHealth({
        isReady: () => ready,
        countPendingPublishes: () => context.store.countPendingPublishes(),
        countScheduledReleases: async () => (await context.store.scheduledReleases()).length,
        logger,
      }),
    logger,
  });
  await listen(server, options.port, options.host ?? '127.0.0.1');

  return {
    url: `http://localhost:${options.port}`,
    context,
    clients: { dynamodb, s3 },
    markReady: () => {
      ready = true;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      releases.stop();
      await Promise.all([poller.stop(), republisher.stop()]);
      dynamodb.destroy();
      streams.destroy();
      s3.destroy();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
