import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { englishArticle } from '../support/fixtures';
import { sendRaw } from '../support/raw-http';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

/**
 * API Gateway's limit, which a server that reads whole bodies before looking at them takes in full;
 * several times what the sockets of both ends buffer, so one the server does not read cannot all
 * be sent.
 */
const LARGE_BODY_BYTES = 10 * 1024 * 1024;

/** Headers of a delivery that would be signed correctly if its body were empty. */
function webhookHeaders(): Record<string, string> {
  return signDelivery(ALMADAR_SECRET, '').headers;
}

/** The problem without `instance`, which names the path and so differs between partners. */
function withoutInstance(problem: unknown): Record<string, unknown> {
  const { instance: _instance, ...rest } = problem as Record<string, unknown>;
  return rest;
}

describe('the local server reads a body only for a known partner, and only up to the limit', () => {
  let stack: TestPipeline;
  let badSignatureProblem: Record<string, unknown>;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const refused = await stack.deliver(englishArticle(), { secret: OTHER_SECRET });
    expect(refused.status).toBe(401);
    badSignatureProblem = withoutInstance(refused.json);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers an unknown partner with the bad-signature 401 without reading its body', async () => {
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/unknown-outlet/articles',
      headers: webhookHeaders(),
      bodyBytes: LARGE_BODY_BYTES,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(withoutInstance(answer.json)).toEqual(badSignatureProblem);
    // What the client could push is what the sockets buffer, not the body.
    expect(answer.pulled).toBeLessThan(LARGE_BODY_BYTES);
  });

  it('refuses an unknown partner that waits for 100 Continue before it sends a single byte', async () => {
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/unknown-outlet/articles',
      headers: webhookHeaders(),
      bodyBytes: LARGE_BODY_BYTES,
      declareLength: true,
      expectContinue: true,
    });
    expect(answer.status).toBe(401);
    expect(withoutInstance(answer.json)).toEqual(badSignatureProblem);
    expect(answer.continued).toBe(false);
    expect(answer.pulled).toBe(0);
  });

  it('answers 413 as soon as a body passes the limit, before the whole body is sent', async () => {
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/almadar/articles',
      headers: webhookHeaders(),
      bodyBytes: LARGE_BODY_BYTES,
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(answer.pulled).toBeLessThan(LARGE_BODY_BYTES);
    // The rest of the body is not drained: the connection ends with the answer.
    expect(answer.headers.connection).toBe('close');
  });

  it('answers 413 from Content-Length alone, before the body is sent', async () => {
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/almadar/articles',
      headers: webhookHeaders(),
      bodyBytes: MAX_DELIVERY_BYTES + 1,
      declareLength: true,
      expectContinue: true,
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(answer.continued).toBe(false);
    expect(answer.pulled).toBe(0);
  });

  it('takes a body of exactly the limit, and refuses one byte more', async () => {
    const article = JSON.stringify(englishArticle({ externalId: 'at-the-limit' }));
    const padded = (bytes: number) => article + ' '.repeat(bytes - Buffer.byteLength(article));
    const atLimit = await stack.deliver(padded(MAX_DELIVERY_BYTES));
    expect(atLimit.status).toBe(202);
    const over = await stack.deliver(padded(MAX_DELIVERY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(over.json).toMatchObject({ type: '/problems/payload-too-large' });
  });

  it('asks a known partner that waits for 100 Continue for its body, and takes it', async () => {
    const body = JSON.stringify(englishArticle({ externalId: 'after-continue' }));
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/almadar/articles',
      headers: signDelivery(ALMADAR_SECRET, body).headers,
      body,
      declareLength: true,
      expectContinue: true,
    });
    expect(answer.continued).toBe(true);
    expect(answer.status).toBe(202);
  });
});
