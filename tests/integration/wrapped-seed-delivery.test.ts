import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWithFeedparser } from '../support/feedparser';
import { fixture } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { TestPipeline } from '../support/test-pipeline';
import { ARABIC_THEME_CHROME, newsMagazinePage, SEED_FIRST_WORDS, SEED_TITLE } from '../support/wrapped-seed';

const PUBLISHER = 'Interregional for Strategic Analyses';
const PARTNER = 'شبكة المدار الإعلامية الأوروبية';
const AUTHOR = 'عبد الله جمال';
const SLUG = '2024-11-russia-taliban-rapprochement-page';

/**
 * The seed article as its partner's whole WordPress page, through the signed webhook: the theme
 * prints the dateline and credit line beside the article, where extraction leaves them, and the
 * published article still names its original publisher.
 */
describe('the seed article delivered as a whole news-magazine WordPress page', () => {
  let stack: TestPipeline;
  let article: HtmlDocument;
  // biome-ignore lint/suspicious/noExplicitAny: the published JSON document, walked by the assertions
  let data: Record<string, any>;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const delivery = fixture('webhook-article-html.json');
    delivery.data = { ...delivery.data, externalId: SLUG, contentHtml: newsMagazinePage() };
    expect((await stack.deliver(delivery)).status).toBe(202);
    await stack.waitUntilPublished();
    article = new HtmlDocument((await stack.object(`articles/${SLUG}.html`)).body);
    data = JSON.parse((await stack.object(`articles/${SLUG}.json`)).body);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('credits Interregional from the credit line beside the article, delivered by Al-Madar', () => {
    expect(data.attribution).toMatchObject({
      publisher: { name: PUBLISHER, url: 'https://interregional.example/' },
      deliveredBy: { partnerId: 'almadar', name: PARTNER },
      via: PARTNER,
    });
    expect(data.authors).toEqual([{ name: AUTHOR }]);
    expect(article.texts('title')[0]).toContain(SEED_TITLE);
  });

  it('publishes the article alone: both headings, no dateline, no credit line, none of the theme', () => {
    expect(article.texts('h2')).toEqual(expect.arrayContaining(['مظاهر التقارب', 'محفزات رئيسية']));
    const body = new HtmlDocument(data.contentHtml);
    expect(body.texts('p')[0]?.startsWith(SEED_FIRST_WORDS)).toBe(true);
    const text = body.text();
    expect(text).not.toContain('انترريجورنال');
    expect(text).not.toContain('المدار');
    for (const chrome of ARABIC_THEME_CHROME) expect(text).not.toContain(chrome);
  });

  it('has a feed summary that starts with the article’s first sentence', async () => {
    const feed = parseWithFeedparser((await stack.object('feeds/partners/almadar/atom.xml')).body);
    const entry = feed.entries.find((candidate) => candidate.title?.value === SEED_TITLE);
    expect(entry?.summary?.value.startsWith(SEED_FIRST_WORDS)).toBe(true);
  });
});
