import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedStreamRecord } from '../../local/stream-poller';
import { ARTICLE_ENTITY, keys } from '../../shared/adapters/dynamodb/table-design';
import { type FaultInjector, injectFaults } from '../support/fault-injection';
import { englishArticle } from '../support/fixtures';
import { feedPaths, readFeeds } from '../support/scoped-feeds';
import { type Answer, TestPipeline } from '../support/test-pipeline';

/**
 * Enough requests that the seeded 10% fails each kind on both services: S3's fourth fault comes at its
 * 53rd attempt, and 16 articles, published in fewer and larger batches since this stop, made 45.
 * 32 make about 100.
 */
const ARTICLES = 32;
const CONCURRENCY = 4;
const FAULT_RATE = 0.1;
const PARTNER_ATTEMPTS = 8;
const SCOPES = ['/feeds', '/feeds/partners/almadar', '/feeds/languages/en'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function article(index: number) {
  return englishArticle({
    externalId: `fault-${index}`,
    title: `Article under faults ${index}`,
    url: `https://other.example/news/fault-${index}`,
    publishedAt: new Date(Date.UTC(2024, 10, 1, 0, index)).toISOString(),
  });
}

interface Outcome {
  index: number;
  /** Every answer the partner got, in order, until one was a success. */
  statuses: number[];
  /** The article's page, from the accepting receipt. */
  url: string;
}

/**
 * A partner's delivery loop: the same body under the same webhook-id until the answer is a success,
 * as docs/partners.md asks of a partner that got a 5xx or no answer at all.
 */
async function deliverAsPartner(stack: TestPipeline, index: number): Promise<Outcome> {
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= PARTNER_ATTEMPTS; attempt++) {
    let answer: Answer | undefined;
    try {
      answer = await stack.deliver(article(index), { deliveryId: `fault-delivery-${index}` });
    } catch {
      statuses.push(0);
    }
    if (answer) {
      statuses.push(answer.status);
      if (answer.status === 202 || answer.status === 200)
        return { index, statuses, url: (answer.json as { url: string }).url };
      if (answer.status < 500) throw new Error(`refused for good: ${answer.status} ${answer.text}`);
    }
    await sleep(50 * attempt);
  }
  throw new Error(`delivery ${index} still refused after ${PARTNER_ATTEMPTS} attempts: ${statuses}`);
}

/** `/healthz`'s pending count, or undefined while faults make it fail. */
async function pendingPublishes(stack: TestPipeline): Promise<number | undefined> {
  const answer = await stack.request('GET', '/healthz');
  return answer.status === 200 ? (answer.json as { pendingPublishes: number }).pendingPublishes : undefined;
}

async function articleHeads(stack: TestPipeline): Promise<Record<string, unknown>[]> {
  return (await stack.items()).filter((item) => item.entity === ARTICLE_ENTITY && item.sk === 'HEAD');
}

describe(`S3 and DynamoDB failing ${FAULT_RATE * 100}% of requests during ingest and publishing`, () => {
  let stack: TestPipeline;
  let dynamodbFaults: FaultInjector;
  let s3Faults: FaultInjector;
  const failures: FailedStreamRecord[] = [];
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    stack = await TestPipeline.start({
      // Fewer and quicker retries than in AWS, so a poison record reaches its end within the test.
      publisherRetries: {
        retryAttempts: 4,
        retryDelayMs: 50,
        onFailure: (failure) => failures.push(failure),
      },
    });
  });

  afterAll(async () => {
    dynamodbFaults?.remove();
    s3Faults?.remove();
    await stack?.stop();
  });

  it('loses no accepted delivery, takes every refused one on the partner’s retry, and converges once the faults stop', async () => {
    dynamodbFaults = injectFaults(stack.pipeline.clients.dynamodb, { rate: FAULT_RATE, seed: 12 });
    s3Faults = injectFaults(stack.pipeline.clients.s3, { rate: FAULT_RATE, seed: 34 });

    const started = Date.now();
    const queue = Array.from({ length: ARTICLES }, (_, index) => index);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = queue.shift(); index !== undefined; index = queue.shift())
          outcomes.push(await deliverAsPartner(stack, index));
      }),
    );
    const delivered = Date.now();
    // Publishing goes on under faults until it says it is done (or a while has passed).
    let liveUnderFaults = false;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !liveUnderFaults; await sleep(200))
      liveUnderFaults = (await pendingPublishes(stack).catch(() => undefined)) === 0;
    dynamodbFaults.enabled = false;
    s3Faults.enabled = false;

    console.info('faults injected', {
      dynamodb: dynamodbFaults.counts,
      s3: s3Faults.counts,
      deliveriesMs: delivered - started,
      liveUnderFaults,
      publishUnderFaultsMs: Date.now() - delivered,
      partnerRetries: outcomes.filter((outcome) => outcome.statuses.length > 1).map((o) => o.statuses),
    });
    // The faults did happen, in every kind, on both services.
    for (const faults of [dynamodbFaults, s3Faults])
      for (const count of Object.values(faults.counts.injected)) expect(count).toBeGreaterThan(0);

    await stack.waitUntilPublished(30_000);
    expect(await pendingPublishes(stack)).toBe(0);

    // Every delivery was accepted in the end, and stored once.
    expect(outcomes).toHaveLength(ARTICLES);
    const heads = await articleHeads(stack);
    expect(heads.map((head) => head.externalId).sort()).toEqual(
      Array.from({ length: ARTICLES }, (_, index) => `fault-${index}`).sort(),
    );

    // Every page is there, and every feed lists every article, newest first, as the table orders them.
    const byNewest = [...outcomes].sort((a, b) => b.index - a.index);
    for (const outcome of byNewest) {
      const page = await stack.request('GET', new URL(outcome.url).pathname);
      expect(page.status, outcome.url).toBe(200);
      expect(page.text).toContain(`Article under faults ${outcome.index}`);
    }
    for (const feed of await readFeeds(stack, feedPaths(SCOPES)))
      expect(
        feed.items.map((item) => item.link),
        feed.path,
      ).toEqual(byNewest.map((outcome) => outcome.url));
    expect(failures).toEqual([]);
  }, 80_000);
});

describe('a poison stream record', () => {
  let stack: TestPipeline;
  const failures: FailedStreamRecord[] = [];

  beforeAll(async () => {
    stack = await TestPipeline.start({
      publisherRetries: {
        retryAttempts: 3,
        retryDelayMs: 50,
        onFailure: (failure) => failures.push(failure),
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('ends on the failure path after its retries while other articles keep publishing', async () => {
    const first = await stack.deliver(article(1), { deliveryId: 'poison-neighbour-1' });
    expect(first.status).toBe(202);
    await stack.waitUntilPublished();

    // A copy of a real head whose stored body is not gzip: the publisher can never render it.
    const [head] = await articleHeads(stack);
    const poisonId = 'poison-article';
    await stack.pipeline.clients.dynamodb.send(
      new PutItemCommand({
        TableName: stack.tableName,
        Item: marshall(
          {
            ...head,
            ...keys.articleHead(poisonId),
            articleId: poisonId,
            changeSeq: Number(head?.changeSeq ?? 1) + 1,
            bodyGz: new Uint8Array([1, 2, 3, 4]),
          },
          { removeUndefinedValues: true },
        ),
      }),
    );
    const second = await stack.deliver(article(2), { deliveryId: 'poison-neighbour-2' });
    expect(second.status).toBe(202);

    for (const deadline = Date.now() + 30_000; Date.now() < deadline && failures.length === 0; )
      await sleep(100);
    expect(failures.map((failure) => failure.keys?.pk)).toEqual([{ S: `ARTICLE#${poisonId}` }]);
    expect(failures[0]?.attempts).toBe(4);

    await stack.waitUntilPublished();
    const feeds = await readFeeds(stack, feedPaths(SCOPES));
    for (const feed of feeds)
      expect(
        feed.items.map((item) => item.link),
        feed.path,
      ).toEqual([(second.json as { url: string }).url, (first.json as { url: string }).url]);
  }, 60_000);
});

describe('a delivery refused because the table failed', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** The article heads of one delivery's article. */
  async function headsOf(index: number) {
    return (await articleHeads(stack)).filter((head) => head.externalId === `fault-${index}`);
  }

  it('is a 5xx while every write fails, and one article on the partner’s retry with the same webhook-id', async () => {
    const faults = injectFaults(stack.pipeline.clients.dynamodb, {
      rate: 1,
      seed: 1,
      kinds: ['server-error'],
      commands: ['TransactWriteItemsCommand'],
    });
    const refused = await stack.deliver(article(1), { deliveryId: 'refused-1' });
    faults.remove();
    // A passing fault of the store: 503 with Retry-After, so the partner backs off and sends it again.
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.json).toMatchObject({ type: '/problems/service-unavailable' });
    // The client's own retries came first: DynamoDB clients make 4 attempts by default in this SDK.
    const clientAttempts = await stack.pipeline.clients.dynamodb.config.maxAttempts();
    expect(faults.counts.injected['server-error']).toBe(clientAttempts);
    expect(await headsOf(1)).toHaveLength(0);

    const retried = await stack.deliver(article(1), { deliveryId: 'refused-1' });
    expect(retried.status).toBe(202);
    expect(await headsOf(1)).toHaveLength(1);
  });

  it('is a 5xx when the write lands but no answer comes back, and the retry is answered from the stored receipt', async () => {
    const faults = injectFaults(stack.pipeline.clients.dynamodb, {
      rate: 1,
      seed: 2,
      kinds: ['lost-response'],
      commands: ['TransactWriteItemsCommand'],
    });
    const unanswered = await stack.deliver(article(2), { deliveryId: 'unanswered-2' });
    faults.remove();
    expect(unanswered.status).toBe(503);
    expect(unanswered.headers.get('retry-after')).toBe('5');
    expect(await headsOf(2)).toHaveLength(1);

    const retried = await stack.deliver(article(2), { deliveryId: 'unanswered-2' });
    expect(retried.status).toBe(200);
    expect(await headsOf(2)).toHaveLength(1);
    await stack.waitUntilPublished();
    const page = await stack.request('GET', new URL((retried.json as { url: string }).url).pathname);
    expect(page.status).toBe(200);
  });

  it('is accepted at once when only the first answer is lost: the SDK’s retry finds its own write', async () => {
    const faults = injectFaults(stack.pipeline.clients.dynamodb, {
      rate: 1,
      seed: 3,
      kinds: ['lost-response'],
      commands: ['TransactWriteItemsCommand'],
      limit: 1,
    });
    const answer = await stack.deliver(article(3), { deliveryId: 'lost-once-3' });
    faults.remove();
    expect(faults.counts.injected['lost-response']).toBe(1);
    expect([200, 202]).toContain(answer.status);
    expect(await headsOf(3)).toHaveLength(1);
  });
});
