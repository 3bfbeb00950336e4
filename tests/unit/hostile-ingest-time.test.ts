import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../shared/errors/problem-error';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { parseDelivery } from '../../shared/ingest/parse-delivery';
import {
  articleData,
  type Body,
  CLEANING_TIME_BUDGET,
  fill,
  HOSTILE_SHAPES,
  hostileShape,
  MAX_CONTENT_BYTES,
  plainBody,
} from '../support/hostile-bodies';
import { sideBySide } from '../support/side-by-side';
import { testPartners } from '../support/test-partners';

const partner = testPartners()
  .list()
  .find((candidate) => candidate.id === 'almadar');
if (!partner) throw new Error('the test registry has no almadar');
const now = new Date('2024-11-28T12:00:00Z');

/** A delivery's JSON body around `body`. */
function delivery(body: Body): string {
  return JSON.stringify({
    type: 'article.published',
    timestamp: '2024-11-28T10:00:00Z',
    data: articleData(body),
  });
}

/**
 * Everything the ingest does to a verified delivery before it stores it: JSON, the field rules,
 * cleaning and attribution. Answers the status the partner would get; a 5xx is thrown.
 */
function ingest(json: string): number {
  try {
    const event = parseDelivery(json, now);
    if (event.type !== 'article.deleted')
      normaliseArticle(event.article, partner as NonNullable<typeof partner>);
    return 202;
  } catch (error) {
    if (error instanceof ProblemError && error.status < 500) return error.status;
    throw error;
  }
}

/** Asserts that a hostile body is answered without a 5xx and within the budget of a plain one. */
async function expectWithinBudget(body: Body, label: string): Promise<void> {
  const hostile = delivery(body);
  const plain = delivery(plainBody(Buffer.byteLength(body.content)));
  expect([202, 422]).toContain(ingest(hostile));
  const times = await sideBySide(
    () => ingest(plain),
    () => ingest(hostile),
  );
  expect(
    times.ratio,
    `${label}: ${times.subjectMs.toFixed(0)} ms against ${times.yardstickMs.toFixed(0)} ms for a plain article`,
  ).toBeLessThanOrEqual(CLEANING_TIME_BUDGET);
}

describe('a hostile delivery costs a bounded time', () => {
  it.each(HOSTILE_SHAPES.map((shape) => [shape.name, shape] as const))(
    '%s at 512 KiB: a 202 or a 422, within the budget of a plain article',
    async (_, shape) => {
      await expectWithinBudget(fill(shape, MAX_CONTENT_BYTES), shape.name);
    },
    120_000,
  );

  it('holds for adversarial bodies of any shape up to 512 KiB (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileShape,
        fc.integer({ min: MAX_CONTENT_BYTES / 2, max: MAX_CONTENT_BYTES }),
        async (shape, bytes) => {
          await expectWithinBudget(fill(shape, bytes), `${shape.name} at ${bytes} bytes`);
        },
      ),
      // Each run times six ingests of up to 512 KiB; a failure is reported as found, unshrunk.
      { numRuns: 12, endOnFailure: true },
    );
  }, 300_000);
});
