import { getAttributeValue, textContent } from 'domutils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEED_EXCERPT_BYTES, feedBytes } from '../../shared/render/feed-excerpt';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle } from '../support/fixtures';
import { closesWhatItOpens, innermostBlockTexts } from '../support/html-blocks';
import { HtmlDocument } from '../support/html-document';
import { TestPipeline } from '../support/test-pipeline';

const ARTICLES = 50;
const BODY_BYTES = 500 * 1024;
const N = DEFAULT_FEED_EXCERPT_BYTES;
/**
 * What an item holds besides its excerpt, generously: ids, links, dates, title, summary (escaped
 * twice in RSS and Atom), author, categories, source, the "continue reading" link and the credit line.
 */
const ITEM_OVERHEAD = 4 * 1024;
/** The channel's own elements. */
const FEED_OVERHEAD = 4 * 1024;
const FEED_BOUND = ARTICLES * (N + ITEM_OVERHEAD) + FEED_OVERHEAD;

const WORDS =
  'grain corridor talks resume port ministers agreed shipments insurance convoy harbour tonnes wheat inspectors sea lanes season harvest exporters buyers tariffs'.split(
    ' ',
  );

/** A long article of ordinary structure: headings, paragraphs, a list and a quote, repeated. */
function longBody(seed: number): string {
  let state = seed;
  const words = (count: number) =>
    Array.from({ length: count }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return WORDS[state % WORDS.length];
    }).join(' ');
  const parts: string[] = [];
  let size = 0;
  for (let section = 0; size < BODY_BYTES; section++) {
    const part =
      `<h2>Section ${section}: ${words(4)}</h2>\n<p>${words(90)} &amp; ${words(20)}.</p>\n` +
      `<ul><li>${words(12)}</li><li>${words(12)}</li></ul>\n` +
      `<blockquote><p>${words(30)}</p><p>${words(30)}</p></blockquote>\n<p>${words(120)}.</p>\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

const bodies = Array.from({ length: ARTICLES }, (_, index) => longBody(index + 1));
/** Each article's page, from its receipt. */
const pageUrls: string[] = [];

describe(`feeds of ${ARTICLES} articles of ${BODY_BYTES / 1024} KiB`, () => {
  let stack: TestPipeline;
  const feedPaths = ['feeds', 'feeds/partners/almadar', 'feeds/languages/en'];

  beforeAll(async () => {
    stack = await TestPipeline.start();
    for (const [index, body] of bodies.entries()) {
      const answer = await stack.deliver(
        englishArticle({
          externalId: `long-${index}`,
          title: `Long article ${index}`,
          language: 'en',
          url: `https://other.example/news/long-${index}`,
          publishedAt: new Date(Date.UTC(2024, 10, 1, 0, index)).toISOString(),
          contentText: undefined,
          contentHtml: body,
        }),
      );
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      pageUrls.push((answer.json as { url: string }).url);
    }
    await stack.waitUntilPublished(180_000);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(`keeps every feed document under ${ARTICLES} × (N + ${ITEM_OVERHEAD}) bytes`, async () => {
    for (const path of feedPaths) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        const body = (await stack.request('GET', `/${path}/${file}`)).text;
        expect(Buffer.byteLength(body), `${path}/${file}`).toBeLessThan(FEED_BOUND);
      }
    }
  });

  it('carries in each RSS and Atom item a well-formed beginning of the body, the link to the page and the credit line, read with bozo false', async () => {
    for (const path of feedPaths) {
      for (const file of ['rss.xml', 'atom.xml']) {
        const feed = parseWithFeedparser((await stack.request('GET', `/${path}/${file}`)).text);
        expect(feed.bozo, feed.bozoException ?? '').toBe(false);
        expect(feed.entries).toHaveLength(ARTICLES);
        for (const [position, entry] of feed.entries.entries()) {
          const index = ARTICLES - 1 - position;
          expect(feed.links[position]).toBe(pageUrls[index]);
          expectExcerptOf(index, entry.content[0]?.value ?? '');
        }
      }
    }
  });

  it('bounds the JSON Feed content_html likewise', async () => {
    const feed = (await stack.request('GET', '/feeds/feed.json')).json as {
      items: { url: string; content_html: string }[];
    };
    expect(feed.items).toHaveLength(ARTICLES);
    for (const [position, item] of feed.items.entries()) {
      expect(item.url).toBe(pageUrls[ARTICLES - 1 - position]);
      expectExcerptOf(ARTICLES - 1 - position, item.content_html);
    }
  });

  it('keeps the whole article on its page', async () => {
    const page = await stack.request('GET', new URL(pageUrls[0] ?? '').pathname);
    const shown = new Set(innermostBlockTexts(page.text));
    const sent = innermostBlockTexts(bodies[0] ?? '');
    expect(sent.length).toBeGreaterThan(1000);
    expect(sent.filter((text) => !shown.has(text))).toEqual([]);
  });
});

/**
 * An item's HTML: the body's first blocks, whole, within N bytes as any feed writes them; then a
 * "continue reading" link to the article's page; then the credit line.
 */
function expectExcerptOf(index: number, html: string): void {
  expect(closesWhatItOpens(html)).toBe(true);
  const blocks = innermostBlockTexts(html);
  expect(blocks.at(-1)).toMatch(/^Originally published by/);
  expect(blocks.at(-2)).toBe('Continue reading');
  const more = new HtmlDocument(html).all('a').find((anchor) => textContent(anchor) === 'Continue reading');
  expect(more && getAttributeValue(more, 'href')).toBe(pageUrls[index]);

  const excerpt = blocks.slice(0, -2);
  expect(excerpt.length).toBeGreaterThan(3);
  expect(innermostBlockTexts(bodies[index] ?? '').slice(0, excerpt.length)).toEqual(excerpt);
  const excerptHtml = html.slice(0, html.lastIndexOf('<p', html.lastIndexOf('Continue reading'))).trimEnd();
  expect(feedBytes(excerptHtml)).toBeLessThanOrEqual(N);
}
