import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest/handler';
import { createPublisherHandler } from '../../functions/publisher/handler';
import { createRepublisherHandler } from '../../functions/republisher/handler';
import { ARTICLE_ENTITY, JOB_ENTITY } from '../../shared/adapters/dynamodb/table-design';
import type { Article } from '../../shared/domain/article';
import { createRepublishJobs } from '../../shared/jobs/republish-jobs';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { instrumentHandler } from '../../shared/runtime/instrument-handler';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { type CapturedTelemetry, captureTelemetry, lambdaInvocation } from '../support/captured-telemetry';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const delivery = readFileSync(new URL('../fixtures/webhook-article-text.json', import.meta.url), 'utf8');

/** The API Gateway event of a delivery signed with `secret`, as the partner route passes it on. */
function deliveryEvent(secret: string, deliveryId: string): APIGatewayProxyEventV2 {
  const signed = signDelivery(secret, delivery, { deliveryId });
  return {
    version: '2.0',
    routeKey: 'POST /v1/partners/{partnerId}/articles',
    rawPath: '/v1/partners/almadar/articles',
    rawQueryString: '',
    headers: { ...signed.headers, 'content-type': 'application/json' },
    pathParameters: { partnerId: 'almadar' },
    body: delivery,
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
  };
}

/** The stream record of an article head's first write, stamped `secondsAgo` before now. */
function headInserted(article: Article, secondsAgo: number): DynamoDBRecord {
  const head = {
    pk: `ARTICLE#${article.articleId}`,
    sk: 'HEAD',
    entity: ARTICLE_ENTITY,
    articleId: article.articleId,
    partnerId: article.partnerId,
    visibility: article.visibility,
    changeSeq: 1,
    content: { language: article.content.language, publishedAt: article.content.publishedAt },
  };
  return {
    eventName: 'INSERT',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000) - secondsAgo,
      NewImage: marshall(head) as never,
    },
  };
}

/** A pipeline context that logs and records metrics with a Lambda's (captured) telemetry. */
const withTelemetry = (context: PipelineContext, captured: CapturedTelemetry): PipelineContext => ({
  ...context,
  logger: captured.telemetry.logger,
  metrics: captured.telemetry.metrics,
});

let run: TestContext;
beforeAll(async () => {
  run = await startTestContext();
});
afterAll(() => run.stop());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('ingest metrics', () => {
  it('counts an accepted delivery as DeliveriesAccepted, with the service as its only dimension', async () => {
    const captured = captureTelemetry('ingest');
    const handler = instrumentHandler(
      captured.telemetry,
      createIngestHandler(withTelemetry(run.context, captured)),
    );

    const result = await handler(
      deliveryEvent(ALMADAR_SECRET, 'msg_accepted'),
      lambdaInvocation('req-accepted'),
    );

    expect(result.statusCode).toBe(202);
    expect(captured.metrics()).toEqual([
      {
        name: 'DeliveriesAccepted',
        unit: 'Count',
        values: [1],
        namespace: 'Syndication',
        dimensions: { service: 'ingest' },
      },
    ]);
  });

  it('counts a refused delivery as DeliveriesRefused with the reason it was answered with', async () => {
    const captured = captureTelemetry('ingest');
    const handler = instrumentHandler(
      captured.telemetry,
      createIngestHandler(withTelemetry(run.context, captured)),
    );

    const result = await handler(deliveryEvent(OTHER_SECRET, 'msg_forged'), lambdaInvocation('req-forged'));

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ type: '/problems/unauthorized' });
    expect(captured.metrics()).toEqual([
      {
        name: 'DeliveriesRefused',
        unit: 'Count',
        values: [1],
        namespace: 'Syndication',
        dimensions: { service: 'ingest', reason: 'unauthorized' },
      },
    ]);
    // The refusal's log line can be found by the invocation that refused it.
    expect(captured.logs().find((line) => line.message === 'delivery refused')).toMatchObject({
      level: 'WARN',
      function_request_id: 'req-forged',
      status: 401,
    });
  });
});

describe('publisher metrics', () => {
  it('records the objects a batch wrote and the time since its newest change entered the stream', async () => {
    const captured = captureTelemetry('publisher');
    const handler = instrumentHandler(
      captured.telemetry,
      createPublisherHandler(withTelemetry(run.context, captured)),
    );
    const older = await storeArticle(run.context, 1, '2024-11-20T09:00:00Z');
    const newer = await storeArticle(run.context, 2, '2024-11-21T09:00:00Z');

    // The newer change entered the stream a minute ago, the older one an hour ago.
    await handler(
      { Records: [headInserted(older, 3600), headInserted(newer, 60)] },
      lambdaInvocation('req-publish', 'Syndication-App-Publisher'),
    );

    const recorded = new Map(captured.metrics().map((metric) => [metric.name, metric]));
    const latency = recorded.get('PublishLatency');
    expect(latency).toMatchObject({ unit: 'Milliseconds', dimensions: { service: 'publisher' } });
    expect(latency?.values).toHaveLength(1);
    expect(latency?.values[0]).toBeGreaterThanOrEqual(60_000);
    expect(latency?.values[0]).toBeLessThan(3_600_000);
    const written = recorded.get('ObjectsWritten');
    expect(written).toMatchObject({ unit: 'Count', dimensions: { service: 'publisher' } });
    // Both pages and their data, the feeds they joined and the index: at least the two pages.
    expect(written?.values[0]).toBeGreaterThanOrEqual(4);
    expect(await run.read(`articles/${newer.slug}.html`)).toContain('<html');
  });
});

describe('republisher metrics', () => {
  it('records the objects each chunk wrote', async () => {
    const captured = captureTelemetry('republisher');
    const context = withTelemetry(run.context, captured);
    const handler = instrumentHandler(
      captured.telemetry,
      createRepublisherHandler(context, { publisherPriorityMs: 0 }),
    );
    // Stored and never published: the republish writes its page at least.
    const unpublished = await storeArticle(context, 3, '2024-11-22T09:00:00Z');
    const job = await createRepublishJobs(context).startRepublish({ kind: 'all' }, { id: 'test-editor' });
    const jobItem = { entity: JOB_ENTITY, jobId: job.jobId, state: 'running', chunks: 0 };

    await handler(
      { Records: [{ eventName: 'INSERT', dynamodb: { NewImage: marshall(jobItem) as never } }] },
      lambdaInvocation('req-republish', 'Syndication-App-Republisher'),
    );

    const written = captured.metrics().find((metric) => metric.name === 'ObjectsWritten');
    expect(written).toMatchObject({ unit: 'Count', dimensions: { service: 'republisher' } });
    expect(written?.values.reduce((sum, value) => sum + value, 0)).toBeGreaterThanOrEqual(2);
    expect(await run.read(`articles/${unpublished.slug}.html`)).toContain('<html');
  });
});

describe('the local run', () => {
  it('prints no CloudWatch EMF line: its functions record with silent metrics', async () => {
    // Powertools writes EMF through a console of its own, straight to stdout.
    const stdout = vi.spyOn(process.stdout, 'write');
    const pipeline = await TestPipeline.start();
    try {
      expect((await pipeline.deliver(delivery)).status).toBe(202);
      expect((await pipeline.deliver(delivery, { secret: OTHER_SECRET })).status).toBe(401);
      await pipeline.waitUntilPublished();
    } finally {
      await pipeline.stop();
    }
    const printed = stdout.mock.calls.map(([chunk]) => String(chunk));
    expect(printed.filter((chunk) => chunk.includes('"_aws"'))).toEqual([]);
  });
});
