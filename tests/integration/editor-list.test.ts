import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticleEditing, createArticleEditing } from '../../shared/editor/article-editing';
import type { ArticleListQuery } from '../../shared/editor/editor-use-cases';
import { inlineText } from '../../shared/text/markup';
import { englishArticle } from '../support/fixtures';
import { OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const editor = { id: 'local-editor' };

/** Seven articles, one a day in November: who delivered each, in what language, and what became of it. */
const ARTICLES = [
  { day: 1, partner: 'almadar', language: 'en' },
  { day: 2, partner: 'almadar', language: 'ar' },
  { day: 3, partner: 'other-outlet', language: 'en' },
  { day: 4, partner: 'almadar', language: 'en', fate: 'taken-down' },
  { day: 5, partner: 'other-outlet', language: 'ar' },
  { day: 6, partner: 'almadar', language: 'en', fate: 'corrected' },
  { day: 7, partner: 'almadar', language: 'en', fate: 'withdrawn' },
] as const;

describe('the editor list', () => {
  let stack: TestPipeline;
  let editing: ArticleEditing;
  const idOfDay = new Map<number, string>();
  const dayOfId = (id: string) => [...idOfDay].find(([, articleId]) => articleId === id)?.[0];

  /** Every page of a query, in order, as days, with how many pages it took. */
  const walk = async (query: Omit<ArticleListQuery, 'after'>) => {
    const pages: number[][] = [];
    let after: string | undefined;
    do {
      const page = await editing.listArticles({ ...query, after });
      pages.push(page.items.map((item) => dayOfId(item.articleId) ?? 0));
      after = page.after;
      expect(pages.length, 'the walk ends').toBeLessThan(20);
    } while (after !== undefined);
    return pages;
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    editing = createArticleEditing(stack.pipeline.context);
    for (const [index, article] of ARTICLES.entries()) {
      const arabic = article.language === 'ar';
      const body = {
        ...englishArticle({
          externalId: `list-${article.day}`,
          url: `https://other.example/news/list-${article.day}`,
          title: arabic ? `خبر اليوم ${article.day} من الشهر` : `Story of day ${article.day}`,
          contentText: arabic
            ? 'اجتمع المفاوضون مرة أخرى يوم الخميس واتفقوا على اللقاء.'
            : 'Negotiators met again.',
          language: article.language,
          publishedAt: `2024-11-0${article.day}T09:00:00Z`,
        }),
        timestamp: new Date(Date.UTC(2024, 11, 1, 9, index)).toISOString(),
      };
      const answer = await stack.deliver(
        body,
        article.partner === 'almadar' ? {} : { partnerId: article.partner, secret: OTHER_SECRET },
      );
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      idOfDay.set(article.day, (answer.json as { articleId: string }).articleId);
    }
    await stack.waitUntilPublished();
    await editing.unpublishArticle(idOfDay.get(4) ?? '', 'Complaint', editor);
    await editing.correctArticle(
      idOfDay.get(6) ?? '',
      { values: { title: inlineText('Story of the sixth day') }, release: [], reason: 'Style' },
      editor,
    );
    const deletion = await stack.deliver({
      type: 'article.deleted',
      timestamp: new Date(Date.UTC(2024, 11, 1, 10, 0)).toISOString(),
      data: { externalId: 'list-7' },
    });
    expect(deletion.status).toBe(202);
    await stack.waitUntilPublished();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('pages through every article, newest first, with no duplicate or gap', async () => {
    expect(await walk({ limit: 2 })).toEqual([[7, 6], [5, 4], [3, 2], [1]]);
  });

  it('fills a page of exactly what is left and then ends', async () => {
    expect(await walk({ limit: 7 })).toEqual([[7, 6, 5, 4, 3, 2, 1]]);
    expect(await walk({ limit: 100 })).toEqual([[7, 6, 5, 4, 3, 2, 1]]);
  });

  it('filters by partner', async () => {
    expect(await walk({ limit: 1, partnerId: 'other-outlet' })).toEqual([[5], [3]]);
    expect((await walk({ limit: 10, partnerId: 'nobody' })).flat()).toEqual([]);
  });

  it('filters by state, paging a filtered list to the end', async () => {
    expect((await walk({ limit: 10, state: 'taken-down' })).flat()).toEqual([4]);
    expect((await walk({ limit: 10, state: 'withdrawn' })).flat()).toEqual([7]);
    expect((await walk({ limit: 10, state: 'pending' })).flat()).toEqual([]);
    expect(await walk({ limit: 2, state: 'published' })).toEqual([[6, 5], [3, 2], [1]]);
    // The page that ends the list gives no cursor, though articles the filter skips follow it.
    expect(await walk({ limit: 1, state: 'taken-down' })).toEqual([[4]]);
  });

  it('filters by language, and by several filters at once', async () => {
    expect((await walk({ limit: 10, language: 'ar' })).flat()).toEqual([5, 2]);
    expect((await walk({ limit: 10, language: 'AR', partnerId: 'almadar' })).flat()).toEqual([2]);
  });

  it('shows each article with its attribution, state and held fields', async () => {
    const { items } = await editing.listArticles({ limit: 2 });
    expect(items[1]).toMatchObject({
      articleId: idOfDay.get(6),
      partnerId: 'almadar',
      title: 'Story of the sixth day',
      language: 'en',
      state: 'published',
      held: ['title'],
      revision: 2,
      url: expect.stringMatching(/^http:\/\/localhost:\d+\/articles\/.+\.html$/),
      attribution: { deliveredBy: { partnerId: 'almadar' }, authors: [{ name: 'Jane Doe' }] },
    });
  });
});
