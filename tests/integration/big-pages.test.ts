import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';
import {
  BIG_PAGE_TITLE,
  fragmentOf,
  MAX_PAGE_BYTES,
  pageWithLongSidebar,
  SIDEBAR_SENTENCE,
} from '../support/big-pages';
import { englishArticle } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { TestPipeline } from '../support/test-pipeline';
import { ENGLISH_PARAGRAPHS } from '../support/whole-pages';

/** CONTRACT §1: a whole page of up to 5 MiB in a body of up to 5.5 MiB, through the signed webhook. */
describe('whole pages up to 5 MiB', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts a 5 MiB page and publishes its article alone', async () => {
    const answer = await stack.deliver(
      englishArticle({
        externalId: 'big-page',
        title: BIG_PAGE_TITLE,
        contentText: undefined,
        contentHtml: pageWithLongSidebar(MAX_PAGE_BYTES),
      }),
    );
    expect(answer.status, answer.text).toBe(202);
    await stack.waitUntilPublished();

    const key = (await stack.objectKeys()).find((name) => /^articles\/.+\.html$/.test(name));
    expect(key).toBeDefined();
    const text = new HtmlDocument((await stack.object(key as string)).body).text();
    for (const paragraph of ENGLISH_PARAGRAPHS) expect(text).toContain(paragraph);
    expect(text).not.toContain(SIDEBAR_SENTENCE.trim());
  }, 120_000);

  it('refuses a 5 MiB fragment with 422 on /data/contentHtml', async () => {
    const answer = await stack.deliver(
      englishArticle({
        externalId: 'big-fragment',
        contentText: undefined,
        contentHtml: fragmentOf(MAX_PAGE_BYTES),
      }),
    );
    expect(answer.status, answer.text).toBe(422);
    expect((answer.json as { errors: { pointer: string }[] }).errors.map((error) => error.pointer)).toEqual([
      '/data/contentHtml',
    ]);
  }, 60_000);

  it('refuses a body of 5.6 MiB with 413', async () => {
    const answer = await stack.deliver(
      englishArticle({
        externalId: 'too-big',
        contentText: undefined,
        contentHtml: pageWithLongSidebar(Math.ceil(5.6 * 1024 * 1024)),
      }),
    );
    expect(Math.ceil(5.6 * 1024 * 1024)).toBeGreaterThan(MAX_DELIVERY_BYTES);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ type: '/problems/payload-too-large' });
  }, 60_000);
});
