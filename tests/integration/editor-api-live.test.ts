import type { Element } from 'domhandler';
import { findOne, getAttributeValue, textContent } from 'domutils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleDetailView, ArticleListView } from '../../shared/editor/editor-views';
import type { JobView } from '../../shared/jobs/republish-job';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle, fixture } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { OTHER_SECRET } from '../support/test-partners';
import { type Answer, TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const ARABIC_TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';
const CORRECTED_TITLE = 'كيف تزايد التقارب الروسي مع حركة طالبان؟';
const CORRECTION_REASON = 'The headline overstated the rapprochement.';

/** The articles of this run, newest first by publication date, as the list must give them. */
type Name = 'newest' | 'arabic' | 'other' | 'oldest';
const NEWEST_FIRST: readonly Name[] = ['newest', 'arabic', 'other', 'oldest'];

const AUTH = { authorization: `Bearer ${TEST_EDITOR_TOKEN}` };
const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

/** An answer as an API client reads a refusal: RFC 9457 problem+json with our type and the status. */
function expectProblem(answer: Answer, status: number, type: string): { errors?: { pointer: string }[] } {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.json).toMatchObject({ type: `/problems/${type}`, status });
  return answer.json as { errors?: { pointer: string }[] };
}

/** The public page as a reader's parser sees it: its status, `<h1>` and correction notice. */
async function readPage(stack: TestPipeline, pageUrl: string) {
  const answer = await stack.request('GET', new URL(pageUrl).pathname);
  const page = new HtmlDocument(answer.text);
  const notice = page
    .all('aside')
    .find((aside) => (getAttributeValue(aside, 'class') ?? '').split(' ').includes('correction'));
  const time = notice && findOne((element: Element) => element.name === 'time', notice.children);
  return {
    status: answer.status,
    h1: page.texts('h1'),
    notice: notice ? textContent(notice).replace(/\s+/g, ' ').trim() : undefined,
    noticeTime: time ? getAttributeValue(time, 'datetime') : undefined,
  };
}

/** The titles of the site RSS feed's entries by link, as Universal Feed Parser reads the feed. */
async function siteRss(stack: TestPipeline): Promise<Map<string, string>> {
  const answer = await stack.request('GET', '/feeds/rss.xml');
  expect(answer.status).toBe(200);
  const feed = parseWithFeedparser(answer.text);
  expect(feed.bozo, feed.bozoException ?? '').toBe(false);
  return new Map(feed.entries.map((entry, index) => [feed.links[index] ?? '', entry.title?.value ?? '']));
}

/**
 * The editor API end to end: articles delivered by signed webhook, then every route of CONTRACT §4
 * called over HTTP on the local server with the real use cases, and what readers see checked on the
 * public pages and feeds the same server serves. Each step waits until the publisher is done.
 */
describe('the editor API live, over HTTP with the real use cases', () => {
  let stack: TestPipeline;
  const receipts = new Map<Name, { articleId: string; url: string }>();
  const receipt = (name: Name) => {
    const found = receipts.get(name);
    if (!found) throw new Error(`${name} was not delivered`);
    return found;
  };
  const id = (name: Name) => receipt(name).articleId;
  const nameOf = (articleId: string) =>
    [...receipts].find(([, delivered]) => delivered.articleId === articleId)?.[0] ?? articleId;

  /** Every page of a list query, in order, as names, following `nextCursor` to the end. */
  const walk = async (query: string) => {
    const pages: Name[][] = [];
    let cursor: string | undefined;
    do {
      const path = `/v1/articles?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await stack.request('GET', path, { headers: AUTH });
      expect(answer.status, answer.text).toBe(200);
      const list = answer.json as ArticleListView;
      pages.push(list.items.map((item) => nameOf(item.articleId) as Name));
      cursor = list.nextCursor;
      expect(pages.length, 'the walk ends').toBeLessThan(10);
    } while (cursor !== undefined);
    return pages;
  };

  const list = async (query: string) => {
    const answer = await stack.request('GET', `/v1/articles?${query}`, { headers: AUTH });
    expect(answer.status, answer.text).toBe(200);
    return (answer.json as ArticleListView).items.map((item) => nameOf(item.articleId));
  };

  const show = async (name: Name) => {
    const answer = await stack.request('GET', `/v1/articles/${id(name)}`, { headers: AUTH });
    expect(answer.status, answer.text).toBe(200);
    return { etag: answer.headers.get('etag'), article: answer.json as ArticleDetailView };
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const english = (name: Name, publishedAt: string, minute: number) => ({
      ...englishArticle({
        externalId: `live-${name}`,
        url: `https://other.example/news/live-${name}`,
        title: `Live story ${name}`,
        publishedAt,
      }),
      // Envelope times move forward, so no delivery is refused as older than the last.
      timestamp: new Date(Date.UTC(2024, 11, 1, 9, minute)).toISOString(),
    });
    const deliveries: [Name, () => Promise<Answer>][] = [
      ['arabic', () => stack.deliver(fixture('webhook-article-text.json'))],
      ['newest', () => stack.deliver(english('newest', '2024-11-28T08:00:00Z', 1))],
      [
        'other',
        () =>
          stack.deliver(english('other', '2024-11-26T08:00:00Z', 2), {
            partnerId: 'other-outlet',
            secret: OTHER_SECRET,
          }),
      ],
      ['oldest', () => stack.deliver(english('oldest', '2024-11-25T08:00:00Z', 3))],
    ];
    for (const [name, deliver] of deliveries) {
      const answer = await deliver();
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      receipts.set(name, answer.json as { articleId: string; url: string });
    }
    await stack.waitUntilPublished();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('GET /v1/articles', () => {
    it('lists every article newest first, the Arabic title intact', async () => {
      const answer = await stack.request('GET', '/v1/articles', { headers: AUTH });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const { items, nextCursor } = answer.json as ArticleListView;
      expect(items.map((item) => nameOf(item.articleId))).toEqual(NEWEST_FIRST);
      expect(nextCursor).toBeUndefined();
      expect(items[1]).toMatchObject({
        partnerId: 'almadar',
        title: ARABIC_TITLE,
        language: 'ar',
        direction: 'rtl',
        state: 'published',
        revision: 1,
      });
    });

    it('filters by partner, by language (a regional tag lists its language) and by state', async () => {
      expect(await list('partner=almadar')).toEqual(['newest', 'arabic', 'oldest']);
      expect(await list('partner=other-outlet')).toEqual(['other']);
      expect(await list('language=ar')).toEqual(['arabic']);
      expect(await list('language=ar-EG')).toEqual(['arabic']);
      expect(await list('language=en&partner=almadar')).toEqual(['newest', 'oldest']);
      expect(await list('state=published')).toEqual(NEWEST_FIRST);
      expect(await list('state=taken-down')).toEqual([]);
    });

    it('pages with limit and nextCursor to the end, each article once, with or without filters', async () => {
      const all = await walk('limit=1');
      expect(all).toEqual(NEWEST_FIRST.map((name) => [name]));

      const almadar = await walk('partner=almadar&limit=2');
      expect(almadar).toEqual([['newest', 'arabic'], ['oldest']]);

      const english = await walk('language=en&limit=2');
      expect(english).toEqual([['newest', 'other'], ['oldest']]);
    });

    it('refuses a cursor reused with other filters, and one it never gave, with 400', async () => {
      const first = (await stack.request('GET', '/v1/articles?partner=almadar&limit=1', { headers: AUTH }))
        .json as ArticleListView;
      expect(first.nextCursor).toEqual(expect.any(String));
      const cursor = encodeURIComponent(first.nextCursor ?? '');

      for (const query of [`cursor=${cursor}`, `partner=other-outlet&cursor=${cursor}`]) {
        const problem = expectProblem(
          await stack.request('GET', `/v1/articles?${query}`, { headers: AUTH }),
          400,
          'malformed-request',
        );
        expect(problem).toMatchObject({ detail: expect.stringContaining('other filters') });
      }
      expectProblem(
        await stack.request('GET', '/v1/articles?cursor=bm90LW91cnM', { headers: AUTH }),
        400,
        'malformed-request',
      );
    });

    it('refuses a bad filter with 422 naming the parameter', async () => {
      const problem = expectProblem(
        await stack.request('GET', '/v1/articles?state=lost&limit=0', { headers: AUTH }),
        422,
        'validation-failed',
      );
      expect(problem.errors?.map((error) => error.pointer).sort()).toEqual(['/limit', '/state']);
    });
  });

  describe('GET /v1/articles/{id}', () => {
    it('shows the article with its ETag, revisions and publication, the Arabic title intact', async () => {
      const { etag, article } = await show('arabic');
      expect(etag).toBe('"r1"');
      expect(article).toMatchObject({
        articleId: id('arabic'),
        title: ARABIC_TITLE,
        direction: 'rtl',
        revision: 1,
        state: 'published',
        categories: ['تحليلات'],
        publication: { state: 'published', revision: 1, renderedAt: expect.any(String) },
        corrections: [],
        takedowns: [],
      });
      expect(article.revisions).toEqual([
        {
          revision: 1,
          recordedAt: expect.any(String),
          visibility: 'public',
          title: ARABIC_TITLE,
          origin: { kind: 'delivery', deliveryId: expect.any(String), eventType: 'article.published' },
        },
      ]);
    });

    it('answers 404 problem+json for an unknown article', async () => {
      const problem = expectProblem(
        await stack.request('GET', `/v1/articles/a${'0'.repeat(20)}`, { headers: AUTH }),
        404,
        'not-found',
      );
      expect(problem).toMatchObject({ instance: `/v1/articles/a${'0'.repeat(20)}` });
    });
  });

  describe('PATCH /v1/articles/{id}', () => {
    let corrected: ArticleDetailView;

    it('with the current If-Match makes a new revision, 202 pending, with the new ETag', async () => {
      const answer = await stack.request('PATCH', `/v1/articles/${id('arabic')}`, {
        headers: { ...JSON_AUTH, 'if-match': '"r1"' },
        body: JSON.stringify({ title: CORRECTED_TITLE, reason: CORRECTION_REASON }),
      });
      expect(answer.status, answer.text).toBe(202);
      expect(answer.headers.get('etag')).toBe('"r2"');
      corrected = answer.json as ArticleDetailView;
      expect(corrected).toMatchObject({
        revision: 2,
        state: 'pending',
        title: CORRECTED_TITLE,
        held: ['title'],
        corrections: [{ reason: CORRECTION_REASON, fields: ['title'], revision: 2, editor: 'local-editor' }],
      });
      expect(corrected.revisions[0]?.origin).toEqual({
        kind: 'editor',
        action: 'correction',
        editor: 'local-editor',
        reason: CORRECTION_REASON,
        fields: ['title'],
      });
      await stack.waitUntilPublished();
      expect((await show('arabic')).article).toMatchObject({
        state: 'published',
        publication: { state: 'published', revision: 2 },
      });
    });

    it('once live, the page <h1> has the new title and the page the correction notice', async () => {
      const page = await readPage(stack, receipt('arabic').url);
      expect(page.status).toBe(200);
      expect(page.h1).toEqual([CORRECTED_TITLE]);
      expect(page.notice).toContain(CORRECTION_REASON);
      expect(page.noticeTime).toBe(corrected.corrections[0]?.at);
    });

    it('once live, the site RSS carries the corrected title', async () => {
      const titles = await siteRss(stack);
      expect(titles.get(receipt('arabic').url)).toBe(CORRECTED_TITLE);
    });

    it('with a stale If-Match is 412, and stores nothing', async () => {
      expectProblem(
        await stack.request('PATCH', `/v1/articles/${id('arabic')}`, {
          headers: { ...JSON_AUTH, 'if-match': '"r1"' },
          body: JSON.stringify({ title: 'A title decided on an old revision', reason: 'Stale' }),
        }),
        412,
        'precondition-failed',
      );
      expect((await show('arabic')).etag).toBe('"r2"');
    });

    it('without a reason is 422 pointing at /reason', async () => {
      const problem = expectProblem(
        await stack.request('PATCH', `/v1/articles/${id('arabic')}`, {
          headers: JSON_AUTH,
          body: JSON.stringify({ title: 'No reason given' }),
        }),
        422,
        'validation-failed',
      );
      expect(problem.errors).toEqual([{ pointer: '/reason', message: 'is required' }]);
    });

    it('that changes nothing is 422, and stores nothing', async () => {
      expectProblem(
        await stack.request('PATCH', `/v1/articles/${id('arabic')}`, {
          headers: JSON_AUTH,
          body: JSON.stringify({ title: CORRECTED_TITLE, reason: 'Same again' }),
        }),
        422,
        'validation-failed',
      );
      expect((await show('arabic')).etag).toBe('"r2"');
    });

    it('of an unknown article is 404', async () => {
      expectProblem(
        await stack.request('PATCH', `/v1/articles/a${'0'.repeat(20)}`, {
          headers: JSON_AUTH,
          body: JSON.stringify({ title: 'Nobody', reason: 'Nothing' }),
        }),
        404,
        'not-found',
      );
    });
  });

  describe('unpublish and republish of one article', () => {
    it('unpublish is 202; once done the page is 410 and the site feed lacks it', async () => {
      const answer = await stack.request('POST', `/v1/articles/${id('newest')}/unpublish`, {
        headers: { ...JSON_AUTH, 'if-match': '"r1"' },
        body: JSON.stringify({ reason: 'Court order 2024/117' }),
      });
      expect(answer.status, answer.text).toBe(202);
      expect(answer.headers.get('etag')).toBe('"r2"');
      expect(answer.json).toMatchObject({
        revision: 2,
        state: 'pending',
        takedown: { editor: 'local-editor', reason: 'Court order 2024/117' },
      });
      await stack.waitUntilPublished();

      expect((await stack.request('GET', new URL(receipt('newest').url).pathname)).status).toBe(410);
      const titles = await siteRss(stack);
      expect(titles.has(receipt('newest').url)).toBe(false);
      expect(titles.has(receipt('oldest').url)).toBe(true);
      expect(await list('state=taken-down')).toEqual(['newest']);
      expect((await show('newest')).article).toMatchObject({
        state: 'taken-down',
        publication: { state: 'unpublished', revision: 2 },
        takedowns: [{ action: 'takedown', reason: 'Court order 2024/117', revision: 2 }],
      });
    });

    it('a second unpublish is 409', async () => {
      expectProblem(
        await stack.request('POST', `/v1/articles/${id('newest')}/unpublish`, {
          headers: JSON_AUTH,
          body: JSON.stringify({ reason: 'Again' }),
        }),
        409,
        'conflict',
      );
    });

    it('unpublish without a reason is 422 pointing at /reason', async () => {
      const problem = expectProblem(
        await stack.request('POST', `/v1/articles/${id('oldest')}/unpublish`, {
          headers: JSON_AUTH,
          body: JSON.stringify({}),
        }),
        422,
        'validation-failed',
      );
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/reason']);
    });

    it('republish is 202; once done the page is 200 again and back in the site feed', async () => {
      const answer = await stack.request('POST', `/v1/articles/${id('newest')}/republish`, {
        headers: JSON_AUTH,
        body: JSON.stringify({ reason: 'Order lifted on appeal' }),
      });
      expect(answer.status, answer.text).toBe(202);
      expect(answer.json).toMatchObject({ revision: 3, state: 'pending' });
      await stack.waitUntilPublished();

      const page = await readPage(stack, receipt('newest').url);
      expect(page.status).toBe(200);
      expect(page.h1).toEqual(['Live story newest']);
      expect((await siteRss(stack)).get(receipt('newest').url)).toBe('Live story newest');
      expect((await show('newest')).article).toMatchObject({
        state: 'published',
        publication: { state: 'published', revision: 3 },
        takedowns: [
          { action: 'takedown', reason: 'Court order 2024/117', revision: 2 },
          { action: 'restore', reason: 'Order lifted on appeal', revision: 3 },
        ],
      });
    });

    it('republish of an unknown article is 404', async () => {
      expectProblem(
        await stack.request('POST', `/v1/articles/a${'0'.repeat(20)}/republish`, { headers: AUTH }),
        404,
        'not-found',
      );
    });
  });

  describe('POST /v1/republish and GET /v1/jobs/{id}', () => {
    it('starts a job for the whole site that runs to done, with done equal to total', async () => {
      const started = await stack.request('POST', '/v1/republish', {
        headers: JSON_AUTH,
        body: JSON.stringify({ scope: 'all' }),
      });
      expect(started.status, started.text).toBe(202);
      const job = started.json as JobView;
      expect(job).toMatchObject({ scope: 'all', state: 'running', editor: 'local-editor' });
      expect(started.headers.get('location')).toBe(`/v1/jobs/${job.jobId}`);

      const location = started.headers.get('location') ?? '';
      let seen: JobView = job;
      for (let polls = 0; seen.state === 'running'; polls++) {
        if (polls >= 600) throw new Error(`the job did not finish: ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const answer = await stack.request('GET', location, { headers: AUTH });
        expect(answer.status, answer.text).toBe(200);
        const next = answer.json as JobView;
        expect(next.done, 'progress never goes back').toBeGreaterThanOrEqual(seen.done);
        seen = next;
      }
      expect(seen.state).toBe('done');
      expect(seen.done).toBe(seen.total);
      // Four article pages at least, and feeds besides.
      expect(seen.total).toBeGreaterThan(NEWEST_FIRST.length);
      expect((await readPage(stack, receipt('arabic').url)).h1).toEqual([CORRECTED_TITLE]);
    });

    it('refuses an unknown partner with 404 and an unknown scope with 422 at /scope', async () => {
      expectProblem(
        await stack.request('POST', '/v1/republish', {
          headers: JSON_AUTH,
          body: JSON.stringify({ scope: 'partner:nobody' }),
        }),
        404,
        'not-found',
      );
      const problem = expectProblem(
        await stack.request('POST', '/v1/republish', {
          headers: JSON_AUTH,
          body: JSON.stringify({ scope: 'everything' }),
        }),
        422,
        'validation-failed',
      );
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/scope']);
    });

    it('answers 404 for an unknown job', async () => {
      expectProblem(await stack.request('GET', '/v1/jobs/no-such-job', { headers: AUTH }), 404, 'not-found');
    });
  });

  describe('authentication', () => {
    const routes = (): [string, string, string | undefined][] => [
      ['GET', '/v1/articles', undefined],
      ['GET', `/v1/articles/${id('arabic')}`, undefined],
      ['PATCH', `/v1/articles/${id('arabic')}`, JSON.stringify({ title: 'Unsigned', reason: 'No token' })],
      ['POST', `/v1/articles/${id('oldest')}/unpublish`, JSON.stringify({ reason: 'No token' })],
      ['POST', `/v1/articles/${id('oldest')}/republish`, undefined],
      ['POST', '/v1/republish', JSON.stringify({ scope: 'all' })],
      ['GET', '/v1/jobs/no-such-job', undefined],
    ];

    it('answers every route 401 problem+json with WWW-Authenticate, without a token and with a wrong one', async () => {
      const before = await show('arabic');
      const attempts: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${TEST_EDITOR_TOKEN.slice(0, -1)}x` },
        { authorization: `Basic ${Buffer.from(`editor:${TEST_EDITOR_TOKEN}`).toString('base64')}` },
      ];
      for (const [method, path, body] of routes()) {
        for (const authorization of attempts) {
          const headers =
            body === undefined ? authorization : { ...authorization, 'content-type': 'application/json' };
          const answer = await stack.request(method, path, { headers, body });
          expectProblem(answer, 401, 'unauthorized');
          expect(answer.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer /);
        }
      }
      // Nothing was done on their behalf.
      expect((await show('arabic')).etag).toBe(before.etag);
      expect((await show('oldest')).article.state).toBe('published');
    });
  });
});
