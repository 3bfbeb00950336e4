import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeliveryOutcome, ingestDelivery } from '../../shared/ingest/ingest-delivery';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { startTestContext, type TestContext } from '../support/test-context';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';

let test: TestContext;

beforeAll(async () => {
  test = await startTestContext();
});

afterAll(async () => {
  await test?.stop();
});

beforeEach(() => {
  test.counter.reset();
});

function articleBody(externalId: string, title: string, updatedAt = '2024-11-27T10:00:00Z'): string {
  return JSON.stringify({
    type: 'article.published',
    timestamp: new Date().toISOString(),
    data: {
      externalId,
      url: `https://almadar.example/${externalId.slice(0, 100)}`,
      title,
      publishedAt: '2024-11-27T09:00:00Z',
      updatedAt,
      language: 'en',
      contentHtml: `<p>${title}: the body of an article about the requests of one delivery.</p>`,
    },
  });
}

/** One signed delivery to the ingest use case, with the delivery id given, from almadar unless said. */
function deliver(
  body: string,
  deliveryId: string,
  partner: { id: string; secret: string } = { id: 'almadar', secret: ALMADAR_SECRET },
  clock?: () => Date,
): Promise<DeliveryOutcome> {
  const signed = signDelivery(partner.secret, body, { deliveryId });
  return ingestDelivery(
    {
      partnerId: partner.id,
      contentType: 'application/json',
      headers: signed.headers,
      body: Buffer.from(body),
    },
    clock ? { ...test.context, clock } : test.context,
  );
}

describe('what one delivery asks of the table', () => {
  it('reads the receipt and the head in one BatchGetItem, then counts the rate and commits: three requests', async () => {
    const outcome = await deliver(articleBody('requests-1', 'A new article'), 'msg_requests_1');

    expect(outcome.status).toBe(202);
    expect(test.counter.snapshot()).toEqual({
      'dynamodb.BatchGetItemCommand': 1,
      'dynamodb.TransactWriteItemsCommand': 1,
      'dynamodb.UpdateItemCommand': 1,
    });
  });

  it('finds the stored head in that read: an update is revision 2 with no read of its own', async () => {
    await deliver(articleBody('requests-2', 'First words'), 'msg_requests_2a');
    test.counter.reset();

    const outcome = await deliver(
      articleBody('requests-2', 'Second words', '2024-11-27T11:00:00Z'),
      'msg_requests_2b',
    );

    expect(outcome).toMatchObject({ status: 202, receipt: { revision: 2 } });
    expect(test.counter.snapshot()).toEqual({
      'dynamodb.BatchGetItemCommand': 1,
      'dynamodb.TransactWriteItemsCommand': 1,
      'dynamodb.UpdateItemCommand': 1,
    });
  });

  it('answers a retried delivery id from that one read, spending none of the rate', async () => {
    const first = await deliver(articleBody('requests-3', 'Sent twice'), 'msg_requests_3');
    test.counter.reset();

    const retry = await deliver(articleBody('requests-3', 'Sent twice'), 'msg_requests_3');

    expect(retry).toEqual({ status: 200, receipt: first.receipt });
    expect(test.counter.snapshot()).toEqual({ 'dynamodb.BatchGetItemCommand': 1 });
  });

  it('answers a retried delivery id with its first answer even when its body no longer reads as JSON', async () => {
    const first = await deliver(articleBody('requests-4', 'Then garbled'), 'msg_requests_4');
    test.counter.reset();

    const retry = await deliver('{"type": "article.published", "data": ', 'msg_requests_4');

    expect(retry).toEqual({ status: 200, receipt: first.receipt });
    expect(test.counter.snapshot()).toEqual({ 'dynamodb.GetItemCommand': 1 });
  });

  it('refuses a body that is not JSON after reading its receipt alone and counting it against the rate', async () => {
    await expect(deliver('not json', 'msg_requests_5')).rejects.toMatchObject({ status: 400 });
    expect(test.counter.snapshot()).toEqual({
      'dynamodb.GetItemCommand': 1,
      'dynamodb.UpdateItemCommand': 1,
    });
  });

  it('never asks the table for an article by an id the schema refuses, and answers 422 naming it', async () => {
    const body = articleBody('x'.repeat(3000), 'A key too long for DynamoDB');

    await expect(deliver(body, 'msg_requests_6')).rejects.toMatchObject({
      status: 422,
      fieldErrors: [expect.objectContaining({ pointer: '/data/externalId' })],
    });
    expect(test.counter.snapshot()).toEqual({
      'dynamodb.GetItemCommand': 1,
      'dynamodb.UpdateItemCommand': 1,
    });
  });

  it('answers a retried delivery id with its first answer from a partner over its limit, in that one read', async () => {
    // Two deliveries a minute (tests/support/test-partners.ts), all judged at one instant: the rate
    // windows are calendar minutes, and a minute turning between them would let a third through.
    const limited = { id: 'limited', secret: OTHER_SECRET };
    const instant = new Date();
    const clock = () => instant;
    const first = await deliver(
      articleBody('limited-1', 'First of the minute'),
      'msg_limited_1',
      limited,
      clock,
    );
    await deliver(articleBody('limited-2', 'Second of the minute'), 'msg_limited_2', limited, clock);
    await expect(
      deliver(articleBody('limited-3', 'One too many'), 'msg_limited_3', limited, clock),
    ).rejects.toMatchObject({ status: 429 });
    test.counter.reset();

    const retry = await deliver(
      articleBody('limited-1', 'First of the minute'),
      'msg_limited_1',
      limited,
      clock,
    );

    expect(retry).toEqual({ status: 200, receipt: first.receipt });
    expect(test.counter.snapshot()).toEqual({ 'dynamodb.BatchGetItemCommand': 1 });
  });
});
