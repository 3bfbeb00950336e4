import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler';
import { freePort } from '../../local/free-port';
import {
  type LocalPipeline,
  type LocalPipelineOptions,
  startLocalPipeline,
} from '../../local/local-pipeline';
import type { PartnerRegistry } from '../../shared/config/partner-registry';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import type { SiteSettings } from '../../shared/render/site-settings';
import { dropTable } from './drop-table';
import { ALMADAR_SECRET, testPartners } from './test-partners';

/** The editor token every test pipeline accepts (`Authorization: Bearer …`). */
export const TEST_EDITOR_TOKEN = 'test-editor-token-0123456789';

/** An HTTP answer, body parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** A stored object as the bucket holds it. */
export interface StoredObject {
  body: string;
  contentType?: string;
  cacheControl?: string;
  /** S3 user metadata, e.g. `http-status: 410` on a removed article's page. */
  metadata: Record<string, string>;
}

/** Options of one delivery; everything defaults to a correctly signed almadar delivery. */
export interface DeliverOptions {
  partnerId?: string;
  secret?: string;
  deliveryId?: string;
  timestamp?: Date;
  headers?: Record<string, string | undefined>;
}

/** A delivery signed as the partner (or as the options say), with the headers the options change. */
function signedDelivery(body: string | Buffer | object, options: DeliverOptions) {
  const partnerId = options.partnerId ?? 'almadar';
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const signed = signDelivery(options.secret ?? ALMADAR_SECRET, raw.toString(), {
    deliveryId: options.deliveryId,
    timestamp: options.timestamp,
  });
  const headers: Record<string, string> = { ...signed.headers };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { partnerId, headers, raw };
}

/**
 * The local pipeline on the run's shared emulators, with a table and bucket of its own, and the
 * helpers tests use to talk to it as a partner would and to look at what it stored.
 */
export class TestPipeline {
  private constructor(
    public pipeline: LocalPipeline,
    readonly tableName: string,
    readonly bucketName: string,
    private readonly options: Parameters<typeof TestPipeline.start>[0] = {},
  ) {}

  /**
   * Starts a pipeline; `partners` replaces the usual test registry, `editorUseCases` the real editor
   * use cases, `publisherRetries` how the publisher's poller retries and fails a record, `websubHubs`
   * and `hubNotifier` the WebSub hubs and how they are told.
   */
  static async start(
    options: {
      partners?: PartnerRegistry;
      editorUseCases?: LocalPipelineOptions['editorUseCases'];
      publisherRetries?: LocalPipelineOptions['publisherRetries'];
      /** Site settings over the test defaults, e.g. a small `feedArchiveSize`. */
      site?: Partial<SiteSettings>;
      /** The WebSub hubs the feeds declare and the publisher notifies; none by default. */
      websubHubs?: string[];
      /** How those hubs are told (e.g. with shorter limits); over HTTP with the defaults unless given. */
      hubNotifier?: LocalPipelineOptions['hubNotifier'];
    } = {},
  ): Promise<TestPipeline> {
    const suffix = randomUUID().slice(0, 8);
    const tableName = `test-${suffix}`;
    const bucketName = `test-${suffix}`;
    return new TestPipeline(
      await TestPipeline.run(tableName, bucketName, options),
      tableName,
      bucketName,
      options,
    );
  }

  private static async run(
    tableName: string,
    bucketName: string,
    options: Parameters<typeof TestPipeline.start>[0] = {},
  ): Promise<LocalPipeline> {
    const port = await freePort();
    return startLocalPipeline({
      port,
      config: {
        tableName,
        bucketName,
        publicBaseUrl: `http://localhost:${port}`,
        site: {
          title: 'Test site',
          description: 'Articles under test.',
          language: 'en',
          ...(options.websubHubs ? { websubHubs: options.websubHubs } : {}),
          ...options.site,
        },
        editorAuth: { mode: 'token', token: TEST_EDITOR_TOKEN },
      },
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      s3Endpoint: inject('s3Endpoint'),
      partners: options.partners ?? testPartners(),
      editorUseCases: options.editorUseCases,
      publisherRetries: options.publisherRetries,
      hubNotifier: options.hubNotifier,
      // Refusals are expected in tests; their warnings would bury real failures.
      logger: new Logger({ serviceName: 'syndication-test', logLevel: 'CRITICAL' }),
    });
  }

  /**
   * Stops the pipeline, keeping its table and bucket, and starts a new one on them (on a new port),
   * as `npm start` after a stop: what lived only in the old process (timers, pollers) is gone.
   */
  async restart(): Promise<void> {
    await this.pipeline.stop();
    this.pipeline = await TestPipeline.run(this.tableName, this.bucketName, this.options);
  }

  get url(): string {
    return this.pipeline.url;
  }

  async stop(): Promise<void> {
    await this.pipeline.stop();
    await dropTable(this.tableName);
  }

  /** Sends a body to the webhook, signed as the partner (or as the options say). */
  async deliver(body: string | Buffer | object, options: DeliverOptions = {}): Promise<Answer> {
    const { partnerId, headers, raw } = signedDelivery(body, options);
    return this.request('POST', `/v1/partners/${partnerId}/articles`, { headers, body: raw });
  }

  /**
   * Hands a delivery straight to the ingest function, as API Gateway does in AWS once it has read
   * the body. Locally the HTTP server refuses some requests before any function runs (an unknown
   * partner, an oversized body: decision 0016); this is how the function's own answer is tested.
   */
  async invokeIngest(body: string | Buffer | object, options: DeliverOptions = {}): Promise<Answer> {
    const { partnerId, headers, raw } = signedDelivery(body, options);
    const result = await createIngestHandler(this.pipeline.context)({
      version: '2.0',
      routeKey: 'POST /v1/partners/{partnerId}/articles',
      rawPath: `/v1/partners/${partnerId}/articles`,
      rawQueryString: '',
      headers,
      pathParameters: { partnerId },
      body: Buffer.from(raw).toString('base64'),
      isBase64Encoded: true,
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
    });
    const text = result.body ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: result.statusCode ?? 200,
      headers: new Headers(result.headers as Record<string, string>),
      text,
      json,
    };
  }

  async request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string | Buffer } = {},
  ): Promise<Answer> {
    const send = () => fetch(`${this.url}${path}`, { method, headers: init.headers, body: init.body });
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      // A kept-alive socket the server closed as the request went out (seen after a burst of 200
      // connections): the request never reached a handler, so a read is sent again, once, as
      // browsers do. A reset after the answer began is not retried: that one would be ours.
      const reset = (error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
      if (!reset || (method !== 'GET' && method !== 'HEAD')) throw error;
      response = await send();
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Waits until every accepted change is live, as `/healthz` reports it. */
  async waitUntilPublished(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const health = (await this.request('GET', '/healthz')).json as { pendingPublishes: number };
      if (health.pendingPublishes === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('changes were not published in time');
  }

  /** Every item of the table, unmarshalled. */
  async items(): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let startKey: Record<string, never> | undefined;
    do {
      const page = await this.pipeline.clients.dynamodb.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      rows.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (startKey);
    return rows;
  }

  /**
   * The items a delivery stores, to show that nothing was stored: everything but rate-limit
   * counters and the publisher's lease, which the publisher may still release after the last
   * pending marker is cleared.
   */
  async contentItems(): Promise<Record<string, unknown>[]> {
    return (await this.items()).filter(
      (item) => item.entity !== 'RateWindow' && item.entity !== 'PublishLock',
    );
  }

  async objectKeys(): Promise<string[]> {
    const { Contents } = await this.pipeline.clients.s3.send(
      new ListObjectsV2Command({ Bucket: this.bucketName }),
    );
    return (Contents ?? []).map((object) => object.Key ?? '').sort();
  }

  async object(key: string): Promise<StoredObject> {
    const output = await this.pipeline.clients.s3.send(
      new GetObjectCommand({ Bucket: this.bucketName, Key: key }),
    );
    return {
      body: (await output.Body?.transformToString('utf-8')) ?? '',
      contentType: output.ContentType,
      cacheControl: output.CacheControl,
      metadata: output.Metadata ?? {},
    };
  }
}
