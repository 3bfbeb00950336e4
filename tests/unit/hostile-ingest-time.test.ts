import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Body,
  CLEANING_TIME_BUDGET,
  fill,
  HOSTILE_SHAPES,
  hostileShape,
  MAX_CONTENT_BYTES,
  plainBody,
} from '../support/hostile-bodies';
import { deliveryJson, validateAndClean } from '../support/pure-ingest';
import { sideBySide } from '../support/side-by-side';

/** Asserts that a hostile body is answered without a 5xx and within the budget of a plain one. */
async function expectWithinBudget(body: Body, label: string): Promise<void> {
  const hostile = deliveryJson(body);
  const plain = deliveryJson(plainBody(Buffer.byteLength(body.content)));
  expect([202, 422]).toContain(validateAndClean(hostile));
  const times = await sideBySide(
    () => validateAndClean(plain),
    () => validateAndClean(hostile),
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
