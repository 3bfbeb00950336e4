import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleData,
  type Body,
  DELIVERY_TIME_BUDGET,
  fill,
  ISSUE_8_SHAPES,
  MAX_CONTENT_BYTES,
  plainBody,
} from '../support/hostile-bodies';
import { sideBySide } from '../support/side-by-side';
import type { Answer } from '../support/test-pipeline';
import { TestPipeline } from '../support/test-pipeline';

/** Rounds of each side by side, each judged on its own ratio: the whole suite shares the machine meanwhile. */
const ROUNDS = 5;

let stack: TestPipeline;
let deliveries = 0;

beforeAll(async () => {
  stack = await TestPipeline.start();
});

afterAll(async () => {
  await stack?.stop();
});

/** One signed delivery of a new article with this body, through the webhook. */
function deliver(body: Body): Promise<Answer> {
  deliveries++;
  return stack.deliver({
    type: 'article.published',
    timestamp: new Date().toISOString(),
    data: articleData(body, `hostile-${deliveries}`),
  });
}

describe('hostile bodies through the webhook (issue 8)', () => {
  it.each(ISSUE_8_SHAPES.map((shape) => [shape.name, shape] as const))(
    '%s at 512 KiB: a 422 naming contentHtml, never a 5xx, within the budget of a plain delivery',
    async (name, shape) => {
      const hostile = fill(shape, MAX_CONTENT_BYTES);
      const plain = plainBody(Buffer.byteLength(hostile.content));
      const answers: { plain: Answer[]; hostile: Answer[] } = { plain: [], hostile: [] };
      const times = await sideBySide(
        async () => answers.plain.push(await deliver(plain)),
        async () => answers.hostile.push(await deliver(hostile)),
        // Publishing an accepted article is not the delivery's cost: it must not land on the next one.
        { runs: ROUNDS, settle: () => stack.waitUntilPublished() },
      );

      expect(answers.plain.map((answer) => answer.status)).toEqual(Array(ROUNDS).fill(202));
      for (const answer of answers.hostile) {
        expect(answer.status, answer.text).toBe(422);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(
          (answer.json as { errors: { pointer: string }[] }).errors.map((error) => error.pointer),
        ).toEqual(['/data/contentHtml']);
      }
      expect(
        times.roundRatio,
        `${name}: ${times.subjectMs.toFixed(0)} ms against ${times.yardstickMs.toFixed(0)} ms for a plain delivery`,
      ).toBeLessThanOrEqual(DELIVERY_TIME_BUDGET);
    },
    180_000,
  );
});
