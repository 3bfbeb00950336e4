import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';

describe('the article catalog', () => {
  let test: TestContext;

  beforeAll(async () => {
    test = await startTestContext();
    for (let index = 1; index <= 7; index++)
      await storeArticle(test.context, index, `2026-05-0${index}T12:00:00+03:00`);
  });
  afterAll(() => test?.stop());

  it('walks every article newest first, page by page, and counts them', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await test.context.catalog.page({ limit: 3, after });
      seen.push(...page.entries.map((entry) => entry.articleId));
      after = page.after;
      pages++;
    } while (after);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((index) => `a${String(index).padStart(20, '0')}`));
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(await test.context.catalog.count({})).toBe(7);
  });

  it('lists one partner alone and an unknown partner as empty', async () => {
    const page = await test.context.catalog.page({ partnerId: 'almadar', limit: 10 });
    expect(page.entries).toHaveLength(7);
    expect(await test.context.catalog.count({ partnerId: 'nobody' })).toBe(0);
    expect((await test.context.catalog.page({ partnerId: 'nobody', limit: 10 })).entries).toEqual([]);
  });
});
