import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_ELEMENTS } from '../../shared/clean/extract-article';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { type Answer, TestPipeline } from '../support/test-pipeline';
import { ARABIC_CHROME, ARABIC_PARAGRAPHS, ENGLISH_PARAGRAPHS, themePage } from '../support/whole-pages';

const ARABIC_TITLE = 'استئناف محادثات ممر الحبوب في إسطنبول';

/** Whole pages through the signed webhook: published as their article alone, or refused with 422. */
describe('whole pages delivered as contentHtml', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('publishes an Arabic theme page, inside an ASP.NET form, as its article: rtl, without the site’s chrome', async () => {
    const page = themePage({
      title: ARABIC_TITLE,
      siteName: 'شبكة المثال',
      paragraphs: ARABIC_PARAGRAPHS,
      htmlAttributes: 'lang="ar" dir="rtl"',
      chrome: ARABIC_CHROME,
      inForm: true,
    });
    const answer = await stack.deliver(
      englishArticle({
        externalId: 'whole-page-ar',
        title: ARABIC_TITLE,
        contentText: undefined,
        contentHtml: page,
      }),
    );
    expect(answer.status).toBe(202);
    await stack.waitUntilPublished();

    const key = (await stack.objectKeys()).find((name) => /^articles\/.+\.html$/.test(name));
    expect(key).toBeDefined();
    const article = new HtmlDocument((await stack.object(key as string)).body);
    expect(article.attribute('html', 'dir')).toBe('rtl');
    expect(article.attribute('html', 'lang')).toBe('ar');
    const text = article.text();
    for (const paragraph of ARABIC_PARAGRAPHS) expect(text).toContain(paragraph);
    for (const chrome of Object.values(ARABIC_CHROME)) expect(text).not.toContain(chrome);
    expect(article.texts('title')[0]).toContain(ARABIC_TITLE);
    expect(article.texts('title')[0]).not.toContain('شبكة المثال');

    const feed = parseWithFeedparser((await stack.object('feeds/atom.xml')).body);
    const entry = feed.entries.find((candidate) => candidate.title?.value === ARABIC_TITLE);
    // The summary is the article's first words, not the page's <title> or the site's name.
    const firstWords = (ARABIC_PARAGRAPHS[0] ?? '').split(' ').slice(0, 5).join(' ');
    expect(entry?.summary?.value.startsWith(firstWords)).toBe(true);
  });

  const refusals: [string, string, string][] = [
    [
      'a page with no article',
      '<!DOCTYPE html><html><head><title>Home</title></head><body><script>render()</script></body></html>',
      'holds no article',
    ],
    [
      'a page with less than a paragraph',
      '<html><body><article><p>Read the full story on our site.</p></article></body></html>',
      'holds less than a paragraph of article text',
    ],
    [
      'a page with more elements than extraction may take',
      `<html><body><p>${ENGLISH_PARAGRAPHS[0]}${'<b>x</b>'.repeat(MAX_PAGE_ELEMENTS)}</p></body></html>`,
      `must not have more than ${MAX_PAGE_ELEMENTS} elements`,
    ],
  ];

  it.each(refusals)(
    'refuses %s with 422 on /data/contentHtml and stores nothing',
    async (_name, page, message) => {
      const before = await stack.contentItems();
      const answer: Answer = await stack.deliver(
        englishArticle({ externalId: 'whole-page-refused', contentText: undefined, contentHtml: page }),
      );
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toMatchObject({
        type: '/problems/validation-failed',
        errors: [{ pointer: '/data/contentHtml', message }],
      });
      expect(await stack.contentItems()).toEqual(before);
    },
  );
});
