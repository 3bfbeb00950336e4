import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { orderKey } from '../../shared/domain/site-order';
import { englishArticle } from '../support/fixtures';
import { seededRandom } from '../support/seeded-random';
import { OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

interface Modelled {
  externalId: string;
  partnerId: 'almadar' | 'other-outlet';
  publishedAt: string;
  live: boolean;
}

interface Link {
  articleId: string;
  url: string;
}

const SEED = Number(process.env.ORDER_TEST_SEED ?? 20241127);
const OPERATIONS = 40;

describe(`site-wide order under a random sequence of operations (seed ${SEED})`, () => {
  let stack: TestPipeline;
  const model = new Map<string, Modelled>();
  let clock = 0;

  const send = async (
    article: Modelled,
    type: 'article.published' | 'article.updated' | 'article.deleted',
  ) => {
    clock++;
    const updatedAt = new Date(Date.UTC(2025, 0, 1) + clock * 60_000).toISOString();
    const body =
      type === 'article.deleted'
        ? { type, timestamp: updatedAt, data: { externalId: article.externalId } }
        : {
            ...englishArticle(
              {
                externalId: article.externalId,
                title: `Chain article ${article.externalId}`,
                url: `https://${article.partnerId}.example/${article.externalId}`,
                publishedAt: article.publishedAt,
                updatedAt,
              },
              type,
            ),
            timestamp: updatedAt,
          };
    const options =
      article.partnerId === 'almadar' ? {} : { partnerId: article.partnerId, secret: OTHER_SECRET };
    const answer = await stack.deliver(body, options);
    expect([200, 202]).toContain(answer.status);
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const random = seededRandom(SEED);
    // Offsets in hours, with colliding instants and mixed offsets, so ties and time zones are exercised.
    const randomPublishedAt = () => {
      const hours = Math.floor(random() * 48);
      const offset = random() < 0.5 ? 'Z' : '+03:00';
      const base = new Date(
        Date.UTC(2024, 10, 20) + hours * 3_600_000 + (offset === 'Z' ? 0 : 3 * 3_600_000),
      );
      return `${base.toISOString().slice(0, 19)}${offset}`;
    };
    const pick = (live: boolean) => {
      const candidates = [...model.values()].filter((article) => article.live === live);
      return candidates[Math.floor(random() * candidates.length)];
    };

    for (let step = 0; step < OPERATIONS; step++) {
      const roll = random();
      const live = pick(true);
      const withdrawn = pick(false);
      if (roll < 0.45 || !live) {
        const article: Modelled = {
          externalId: `chain-${step}`,
          partnerId: random() < 0.7 ? 'almadar' : 'other-outlet',
          publishedAt: randomPublishedAt(),
          live: true,
        };
        model.set(article.externalId, article);
        await send(article, 'article.published');
      } else if (roll < 0.7) {
        live.publishedAt = randomPublishedAt(); // a changed publishedAt, often backdated
        await send(live, 'article.updated');
      } else if (roll < 0.85 || !withdrawn) {
        live.live = false;
        await send(live, 'article.deleted');
      } else {
        withdrawn.live = true;
        await send(withdrawn, 'article.published');
      }
    }
    await stack.waitUntilPublished(60_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const expectedOrder = () =>
    [...model.values()]
      .filter((article) => article.live)
      .map((article) => ({ ...article, articleId: articleIdFor(article.partnerId, article.externalId) }))
      .sort((a, b) => (orderKey(a.publishedAt, a.articleId) < orderKey(b.publishedAt, b.articleId) ? -1 : 1))
      .map((article) => article.articleId);

  const documents = async () => {
    const heads = (await stack.items()).filter((item) => item.entity === 'Article');
    const byId = new Map<
      string,
      { previous: Link | null; next: Link | null; url: string; slug: string; page: string }
    >();
    for (const head of heads) {
      if (head.visibility !== 'public') continue;
      const data = JSON.parse((await stack.object(`articles/${head.slug}.json`)).body);
      const page = (await stack.object(`articles/${head.slug}.html`)).body;
      byId.set(head.articleId as string, { ...data, slug: head.slug, page });
    }
    return byId;
  };

  it('keeps the table’s site order equal to the model', async () => {
    const order = (await stack.items())
      .filter((item) => item.pk === 'ORDER#site')
      .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1))
      .map((item) => item.articleId);
    expect(order).toEqual(expectedOrder());
  });

  it('links every page to its true neighbours, in the json and in <link rel>', async () => {
    const order = expectedOrder();
    const byId = await documents();
    order.forEach((articleId, index) => {
      const document = byId.get(articleId);
      expect(document?.previous?.articleId ?? null).toBe(order[index - 1] ?? null);
      expect(document?.next?.articleId ?? null).toBe(order[index + 1] ?? null);
      if (document?.previous)
        expect(document.page).toContain(`<link rel="prev" href="${document.previous.url}">`);
      else expect(document?.page).not.toContain('rel="prev"');
      if (document?.next) expect(document.page).toContain(`<link rel="next" href="${document.next.url}">`);
      else expect(document?.page).not.toContain('rel="next"');
    });
  });

  it('walks the whole chain both ways', async () => {
    const order = expectedOrder();
    const byId = await documents();
    const byUrl = new Map([...byId.entries()].map(([id, document]) => [document.url, id]));
    const walk = (start: string | undefined, step: 'previous' | 'next') => {
      const seen: string[] = [];
      for (let id = start; id !== undefined && seen.length <= order.length; ) {
        seen.push(id);
        const link = byId.get(id)?.[step];
        id = link ? byUrl.get(link.url) : undefined;
      }
      return seen;
    };
    expect(walk(order.at(-1), 'previous')).toEqual([...order].reverse());
    expect(walk(order[0], 'next')).toEqual(order);
  });

  it('leaves a withdrawn article only its 410 page, and the site feed lists the newest live ones', async () => {
    const keys = await stack.objectKeys();
    const withdrawn = (await stack.items()).filter(
      (item) => item.entity === 'Article' && item.visibility === 'withdrawn',
    );
    for (const head of withdrawn) {
      expect((await stack.object(`articles/${head.slug}.html`)).metadata['http-status']).toBe('410');
      expect(keys).not.toContain(`articles/${head.slug}.json`);
    }
    const feed = JSON.parse((await stack.object('feeds/feed.json')).body);
    const newest = [...expectedOrder()].reverse().slice(0, 50);
    expect(feed.items.map((item: { id: string }) => item.id.split(':').at(-1))).toEqual(newest);
  });
});
