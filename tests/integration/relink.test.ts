import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArticleLinks } from '../support/article-links';
import { englishArticle } from '../support/fixtures';
import { TestPipeline } from '../support/test-pipeline';

type Name = 'A' | 'B' | 'C' | 'D';

/** Each article's `publishedAt`, fixed so the site order is known: A < B < C, D first between A and C. */
const PUBLISHED_AT: Record<Name, string> = {
  A: '2024-11-01T09:00:00Z',
  B: '2024-11-02T09:00:00Z',
  C: '2024-11-03T09:00:00Z',
  D: '2024-11-02T15:00:00Z',
};
const D_MOVED_AFTER_C = '2024-11-04T09:00:00Z';

/**
 * Previous/next links are rewritten on the pages of a changed article's old and new neighbours
 * (CONTRACT §3). Every step is published and waited for before the next one is sent, so no batch
 * merges two steps and each step alone must leave every page's links true.
 */
describe('relinking neighbours, one published step at a time', () => {
  let stack: TestPipeline;
  const pageUrls = new Map<Name, string>();
  // Envelope timestamps only move forward, so no event is refused as older than one already applied.
  let minute = 0;
  const eventTime = () => new Date(Date.UTC(2024, 11, 1, 9, minute++)).toISOString();

  const publish = async (name: Name, type: 'article.published' | 'article.updated', data = {}) => {
    const answer = await stack.deliver({
      ...englishArticle(
        {
          externalId: `relink-${name}`,
          url: `https://other.example/news/relink-${name}`,
          title: `Relink story ${name}`,
          publishedAt: PUBLISHED_AT[name],
          ...data,
        },
        type,
      ),
      timestamp: eventTime(),
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    pageUrls.set(name, (answer.json as { url: string }).url);
    await stack.waitUntilPublished();
  };

  const withdraw = async (name: Name) => {
    const answer = await stack.deliver({
      type: 'article.deleted',
      timestamp: eventTime(),
      data: { externalId: `relink-${name}` },
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    await stack.waitUntilPublished();
  };

  /** A link shown by the article it points to, so a failure reads `next: 'B'` rather than a URL. */
  const nameOf = (url: string | null): string | null => {
    if (url === null) return null;
    for (const [name, pageUrl] of pageUrls) if (new URL(pageUrl, stack.url).href === url) return name;
    return url;
  };

  /** Every article in `order` links to the one before and after it, in its json and on its page. */
  const expectSiteOrder = async (order: Name[]) => {
    for (const [index, name] of order.entries()) {
      const links = await readArticleLinks(stack, pageUrls.get(name) ?? '');
      expect(
        { article: name, previous: nameOf(links.previous), next: nameOf(links.next) },
        `links of ${name} when the site order is ${order.join(' < ')}`,
      ).toEqual({ article: name, previous: order[index - 1] ?? null, next: order[index + 1] ?? null });
    }
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // Three publishes on a cold table: the longer limit is room for a busy machine, not a timing assertion.
  it('links A < B < C, each published in turn', async () => {
    await publish('A', 'article.published');
    await publish('B', 'article.published');
    await publish('C', 'article.published');
    await expectSiteOrder(['A', 'B', 'C']);
  }, 60_000);

  it('withdrawing B makes A and C face each other', async () => {
    await withdraw('B');
    await expectSiteOrder(['A', 'C']);
  });

  it('a backdated arrival D between A and C is linked from both', async () => {
    await publish('D', 'article.published');
    await expectSiteOrder(['A', 'D', 'C']);
  });

  it('moving D after C relinks A to C and C to D', async () => {
    // A later updatedAt than D's first revision (which defaulted to its publishedAt), as a real edit has.
    await publish('D', 'article.updated', {
      publishedAt: D_MOVED_AFTER_C,
      updatedAt: '2024-11-05T09:00:00Z',
    });
    await expectSiteOrder(['A', 'C', 'D']);
  });
});
