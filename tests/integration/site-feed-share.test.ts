import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { siteFeedArticles } from '../../shared/publish/site-feed-articles';
import { readArticleLinks } from '../support/article-links';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { RequestCounter } from '../support/request-counter';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const CAP = 10;
const FLOOD = 30;
const STEADY = 30;

/** A partner capped at 10 of the site feed, and one without a cap. */
function registry(): PartnerRegistry {
  return PartnerRegistry.parse({
    partners: [
      {
        id: 'flood',
        name: 'Flooding Outlet',
        homepage: 'https://flood.example/',
        secrets: [ALMADAR_SECRET],
        siteFeedShare: { max: CAP },
      },
      { id: 'steady', name: 'Steady Outlet', homepage: 'https://steady.example/', secrets: [OTHER_SECRET] },
    ],
  });
}

/** Minutes from a recent start, so the order is known and every date is inside the default allowance. */
const START = Date.now() - 24 * 3600 * 1000;
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();

/**
 * A partner capped by `siteFeedShare` floods the site with 30 articles newer than another partner's
 * 30: without the cap the site feed would hold 30 of the flood and only 20 of the others.
 */
describe('a partner capped in the site feed floods it', () => {
  let stack: TestPipeline;
  /** Page URL to a readable name (`flood-29`, `steady-0`). */
  const names = new Map<string, string>();
  const pages = new Map<string, string>();

  const deliver = async (partnerId: 'flood' | 'steady', index: number, minute: number) => {
    const name = `${partnerId}-${index}`;
    const answer = await stack.deliver(
      englishArticle({
        externalId: name,
        url: `https://${partnerId}.example/news/${name}`,
        title: `Story ${name}`,
        language: 'en',
        publishedAt: at(minute),
      }),
      { partnerId, secret: partnerId === 'flood' ? ALMADAR_SECRET : OTHER_SECRET },
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    const url = (answer.json as { url: string }).url;
    names.set(url, name);
    pages.set(name, url);
  };
  const nameOf = (url: string | null | undefined) => (url ? (names.get(url) ?? url) : null);

  beforeAll(async () => {
    stack = await TestPipeline.start({ partners: registry() });
    for (let index = 0; index < STEADY; index++) await deliver('steady', index, index);
    for (let index = 0; index < FLOOD; index++) await deliver('flood', index, 100 + index);
    // And one of the steady partner's newer than the whole flood.
    await deliver('steady', STEADY, 200);
    await stack.waitUntilPublished(60_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** The site feed as the cap wants it: the newest, then the flood's newest 10, then the rest. */
  const expected = [
    `steady-${STEADY}`,
    ...Array.from({ length: CAP }, (_, index) => `flood-${FLOOD - 1 - index}`),
    ...Array.from({ length: STEADY }, (_, index) => `steady-${STEADY - 1 - index}`),
  ];

  it('holds at most 10 of the capped partner, its newest, and leaves the room to the others', async () => {
    for (const file of ['rss.xml', 'atom.xml']) {
      const feed = parseWithFeedparser((await stack.request('GET', `/feeds/${file}`)).text);
      expect(feed.bozo).toBe(false);
      expect(feed.links.map(nameOf), file).toEqual(expected);
    }
    const json = (await stack.request('GET', '/feeds/feed.json')).json as { items: { url: string }[] };
    expect(json.items.map((item) => nameOf(item.url))).toEqual(expected);
  });

  it('lists the same on the index', async () => {
    const index = new HtmlDocument((await stack.request('GET', '/')).text);
    const listed = index.hrefs().filter((href) => href.includes('/articles/'));
    expect(listed.map(nameOf)).toEqual(expected.slice(0, 20));
  });

  it('leaves the capped partner’s own feed whole', async () => {
    const feed = parseWithFeedparser((await stack.request('GET', '/feeds/partners/flood/rss.xml')).text);
    expect(feed.links.map(nameOf)).toEqual(
      Array.from({ length: FLOOD }, (_, index) => `flood-${FLOOD - 1 - index}`),
    );
  });

  it('leaves the previous/next chain of pages whole: caps apply to feeds only', async () => {
    // The flood's oldest is in no site feed, yet sits in the site order between the two partners.
    const oldest = await readArticleLinks(stack, pages.get('flood-0') ?? '');
    expect({ previous: nameOf(oldest.previous), next: nameOf(oldest.next) }).toEqual({
      previous: `steady-${STEADY - 1}`,
      next: 'flood-1',
    });
    const newest = await readArticleLinks(stack, pages.get(`flood-${FLOOD - 1}`) ?? '');
    expect({ previous: nameOf(newest.previous), next: nameOf(newest.next) }).toEqual({
      previous: `flood-${FLOOD - 2}`,
      next: `steady-${STEADY}`,
    });
  });

  // Last: it sends more.
  it('reads the same few orders however much the capped partner sends', async () => {
    const { context, clients } = stack.pipeline;
    const counter = new RequestCounter();
    counter.attach(clients.dynamodb, clients.s3);
    const cost = async () => {
      counter.reset();
      const articles = await siteFeedArticles(context, await context.store.feedScopes(), 50);
      const requests = counter.snapshot();
      return { articles: articles.length, queries: requests['dynamodb.QueryCommand'] ?? 0, requests };
    };
    const before = await cost();
    for (let index = FLOOD; index < 3 * FLOOD; index++) await deliver('flood', index, 100 + index);
    await stack.waitUntilPublished(60_000);
    const after = await cost();
    // The site order's newest 50, then each partner's newest: three queries, before and after.
    expect(before.queries).toBe(3);
    expect(after).toEqual(before);
  }, 120_000);
});
