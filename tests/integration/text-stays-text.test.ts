import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockTexts, executableParts, htmlText } from '../support/executable-html';
import { parseAllWithFeedparser } from '../support/feedparser';
import { expectedText, hostileArticle, payloadOf } from '../support/hostile-text';
import { OTHER_SECRET } from '../support/test-partners';
import { type DeliverOptions, TestPipeline } from '../support/test-pipeline';
import { type ExpectedText, expectExactText, type PublishedArticle } from '../support/text-expectations';

const OTHER_OUTLET = { partnerId: 'other-outlet', secret: OTHER_SECRET };

describe('text through the signed webhook and the publisher', () => {
  let stack: TestPipeline;
  let sequence = 0;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Delivers an article (as other-outlet unless told), each newer than the last, and waits until it is live. */
  async function publish(data: Record<string, unknown>, options: DeliverOptions = OTHER_OUTLET) {
    sequence += 1;
    const answer = await stack.deliver(
      {
        type: 'article.published',
        timestamp: new Date().toISOString(),
        data: { ...data, publishedAt: new Date(Date.UTC(2024, 10, 1, 0, sequence)).toISOString() },
      },
      options,
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    await stack.waitUntilPublished();
    return answer.json as { articleId: string; url: string };
  }

  /** What a reader fetches about one article, over HTTP: the site feeds, its page and its JSON. */
  async function fetched(receipt: { articleId: string; url: string }): Promise<PublishedArticle> {
    const get = async (path: string) => {
      const answer = await stack.request('GET', path);
      expect(answer.status, path).toBe(200);
      return answer.text;
    };
    const page = new URL(receipt.url).pathname;
    return {
      rss: await get('/feeds/rss.xml'),
      atom: await get('/feeds/atom.xml'),
      json: await get('/feeds/feed.json'),
      itemId: `tag:localhost,2026:article:${receipt.articleId}`,
      page: await get(page),
      document: await get(page.replace(/\.html$/, '.json')),
      publisher: 'Other Outlet',
    };
  }

  it('reads back exactly as sent from every feed, page and document, and nothing in an HTML field runs', async () => {
    await fc.assert(
      fc.asyncProperty(hostileArticle, async (sent) => {
        const receipt = await publish(payloadOf(sent, `hostile-${sequence + 1}`, ''));
        expectExactText(await fetched(receipt), expectedText(sent));
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it.each<[string, Record<string, unknown>, ExpectedText]>([
    [
      'a body that mentions <script> as text (the summary is made from it)',
      { title: 'About scripts', contentHtml: '<p>About &lt;script&gt;alert(1)&lt;/script&gt;</p>' },
      {
        title: 'About scripts',
        summary: 'About <script>alert(1)</script>',
        authors: [],
        categories: [],
        body: ['About <script>alert(1)</script>'],
      },
    ],
    [
      'a partner summary quoting <img onerror>, and Q&A and ]]> in the title',
      {
        title: 'Q&A: ]]> and other edges',
        summary: 'The filter missed <img src=x onerror=alert(document.cookie)> in a comment.',
        contentText: 'The article itself.',
      },
      {
        title: 'Q&A: ]]> and other edges',
        summary: 'The filter missed <img src=x onerror=alert(document.cookie)> in a comment.',
        authors: [],
        categories: [],
        body: ['The article itself.'],
      },
    ],
  ])('keeps text as text: %s (issue 7)', async (_name, data, expected) => {
    const externalId = `issue-7-${sequence + 1}`;
    const receipt = await publish({
      externalId,
      url: `https://partner.example/${externalId}`,
      language: 'en',
      ...data,
    });
    const published = await fetched(receipt);
    expectExactText(published, expected);
    // The description and the Atom summary are HTML that shows the tag as text; no reader runs it.
    const [rss, atom] = parseAllWithFeedparser([published.rss, published.atom]);
    for (const feed of [rss, atom]) {
      const summary = feed?.entries.find((entry) => entry.id === published.itemId)?.summary?.value ?? '';
      expect(executableParts(summary)).toEqual([]);
      expect(htmlText(summary)).toBe(expected.summary);
    }
  });

  it('credits the original publisher, the delivering partner, the author and the license in every format', async () => {
    const receipt = await publish(
      {
        externalId: 'attributed',
        url: 'https://almadar.example/2024/11/attributed/',
        title: 'Attributed everywhere',
        author: 'عبد الله جمال',
        contentText: 'An article that credits its source.',
        language: 'ar',
        attribution: {
          publisher: 'Interregional for Strategic Analyses',
          url: 'https://interregional.example/',
          license: 'CC BY 4.0',
        },
      },
      { partnerId: 'almadar' },
    );
    const published = await fetched(receipt);
    const [rss, atom] = parseAllWithFeedparser([published.rss, published.atom]);
    for (const feed of [rss, atom]) {
      const entry = feed?.entries.find((candidate) => candidate.id === published.itemId);
      expect(entry?.authors).toEqual(['عبد الله جمال']);
      expect(entry?.rights).toBe('CC BY 4.0');
      expect(entry?.source).toEqual({
        title: 'Interregional for Strategic Analyses',
        href: 'https://interregional.example/',
      });
      expect(entry?.links).toContainEqual(
        expect.objectContaining({
          rel: 'via',
          href: 'https://almadar.example/',
          title: 'شبكة المدار الإعلامية الأوروبية',
        }),
      );
      // Readers that show only the content still credit the source, in the item's language.
      expect(blockTexts(entry?.content[0]?.value ?? '').at(-1)).toBe(
        'نُشر أصلاً لدى Interregional for Strategic Analyses · عبر شبكة المدار الإعلامية الأوروبية · الترخيص: CC BY 4.0',
      );
      expect(entry?.content[0]?.value).toContain('<a href="https://almadar.example/2024/11/attributed/">');
    }
    const item = JSON.parse(published.json).items.find(
      (candidate: { id: string }) => candidate.id === published.itemId,
    );
    expect(item.authors).toEqual([{ name: 'عبد الله جمال' }]);
    expect(item._attribution).toMatchObject({
      delivered_by: { id: 'almadar', name: 'شبكة المدار الإعلامية الأوروبية' },
      publisher: { name: 'Interregional for Strategic Analyses', url: 'https://interregional.example/' },
      license: 'CC BY 4.0',
      original_url: 'https://almadar.example/2024/11/attributed/',
    });
  });
});
