import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';
import { englishArticle, fixture } from '../support/fixtures';
import { OTHER_SECRET } from '../support/test-partners';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const SLUG = '2024-11-russia-taliban-rapprochement';
const TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';

describe('one article from signed webhook to live feed', () => {
  let stack: TestPipeline;
  let firstDeliveryId: string;
  let firstAnswer: unknown;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    firstDeliveryId = 'msg_seed_article_1';
    const answer = await stack.deliver(fixture('webhook-article-text.json'), { deliveryId: firstDeliveryId });
    expect(answer.status).toBe(202);
    firstAnswer = answer.json;
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 202 with the receipt the contract names', () => {
    expect(firstAnswer).toEqual({
      articleId: expect.stringMatching(/^a[0-9a-z]{20}$/),
      revision: 1,
      state: 'pending',
      url: `${stack.url}/articles/${SLUG}.html`,
    });
  });

  it('stores the head, revision 1 with its delivery id, the delivery with a TTL and the orders', async () => {
    const items = await stack.contentItems();
    const head = items.find((item) => item.sk === 'HEAD');
    expect(head).toMatchObject({
      entity: 'Article',
      partnerId: 'almadar',
      revision: 1,
      visibility: 'public',
      slug: SLUG,
    });
    expect(head?.content).toMatchObject({ title: TITLE, language: 'ar', direction: 'rtl' });

    const revision = items.find((item) => item.sk === 'REV#0000000001');
    expect(revision?.origin).toEqual({
      kind: 'delivery',
      deliveryId: firstDeliveryId,
      eventType: 'article.published',
    });

    const delivery = items.find((item) => item.pk === `DELIVERY#almadar#${firstDeliveryId}`);
    expect(delivery?.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 24 * 3600);

    const orders = items.filter((item) => item.entity === 'OrderEntry').map((item) => item.pk);
    expect(orders.sort()).toEqual(['ORDER#language#ar', 'ORDER#partner#almadar', 'ORDER#site']);
  });

  it('publishes the page, its json, the three feeds and the index with their media types', async () => {
    const keys = await stack.objectKeys();
    expect(keys).toEqual(
      expect.arrayContaining([
        `articles/${SLUG}.html`,
        `articles/${SLUG}.json`,
        'feeds/rss.xml',
        'feeds/atom.xml',
        'feeds/feed.json',
        'index.html',
        'feeds/partners/almadar/rss.xml',
        'feeds/languages/ar/atom.xml',
      ]),
    );

    const page = await stack.object(`articles/${SLUG}.html`);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.cacheControl).toMatch(/max-age=\d+/);
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain(TITLE);

    const json = await stack.object(`articles/${SLUG}.json`);
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body)).toMatchObject({
      title: TITLE,
      language: 'ar',
      direction: 'rtl',
      previous: null,
      next: null,
    });

    const rss = await stack.object('feeds/rss.xml');
    expect(rss.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(rss.body).toContain(TITLE);

    const atom = await stack.object('feeds/atom.xml');
    expect(atom.contentType).toBe('application/atom+xml; charset=utf-8');
    expect(atom.body).toContain('xml:lang="ar"');

    const feed = await stack.object('feeds/feed.json');
    expect(feed.contentType).toBe('application/feed+json; charset=utf-8');
    expect(JSON.parse(feed.body)).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      language: 'ar',
      items: [expect.objectContaining({ title: TITLE, authors: [{ name: 'عبد الله جمال' }] })],
    });
  });

  it('serves the site over HTTP as the CDN will: index at /, ETag, 304 on If-None-Match', async () => {
    const home = await stack.request('GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.text).toContain(TITLE);
    const etag = home.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await stack.request('GET', '/', { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect((await stack.request('GET', '/feeds/rss.xml')).text).toContain(TITLE);
    expect((await stack.request('GET', '/articles/missing.html')).status).toBe(404);
    // As API Gateway's `$default` route answers it: the editor function's 401 without an editor's token.
    expect((await stack.request('GET', '/v1/partners/almadar/articles')).status).toBe(401);
    const wrongMethod = await stack.request('GET', '/v1/partners/almadar/articles', {
      headers: { authorization: `Bearer ${TEST_EDITOR_TOKEN}` },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(wrongMethod.json).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
  });

  it('answers a retried delivery with the first answer and stores nothing new', async () => {
    const before = await stack.contentItems();
    const retry = await stack.deliver(fixture('webhook-article-text.json'), { deliveryId: firstDeliveryId });
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(firstAnswer);
    expect(await stack.contentItems()).toHaveLength(before.length);
  });

  it('answers an identical revision under a new delivery id with 200 and no new revision', async () => {
    const answer = await stack.deliver(fixture('webhook-article-text.json'), {
      deliveryId: 'msg_identical_copy',
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ revision: 1, state: 'published' });
    const revisions = (await stack.contentItems()).filter((item) => item.entity === 'Revision');
    expect(revisions).toHaveLength(1);
  });

  it.each([
    ['an unsigned body', { headers: { 'webhook-signature': undefined } }, 401],
    ['a signature by another partner', { secret: OTHER_SECRET }, 401],
    ['an unknown partner', { partnerId: 'nobody' }, 401],
    ['a stale timestamp', { timestamp: new Date(Date.now() - 330_000) }, 401],
    ['a webhook-id with a dot', { deliveryId: 'msg.1' }, 400],
    ['a wrong media type', { headers: { 'content-type': 'text/plain' } }, 415],
  ])('refuses %s with problem+json and stores nothing', async (_name, options, status) => {
    const before = await stack.contentItems();
    const answer = await stack.deliver(englishArticle({ externalId: `refused-${status}` }), options);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.json).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
    expect(await stack.contentItems()).toHaveLength(before.length);
  });

  it('refuses a body over 5.5 MiB with 413 and an article breaking the rules with 422 and pointers', async () => {
    const before = await stack.contentItems();
    const big = await stack.deliver(englishArticle({ contentText: 'x'.repeat(MAX_DELIVERY_BYTES) }));
    expect(big.status).toBe(413);
    const invalid = await stack.deliver(englishArticle({ url: 'ftp://example.com/x', title: '' }));
    expect(invalid.status).toBe(422);
    expect(
      (invalid.json as { errors: { pointer: string }[] }).errors.map((error) => error.pointer).sort(),
    ).toEqual(['/data/title', '/data/url']);
    expect(await stack.contentItems()).toHaveLength(before.length);
  });

  it('links a newer article and the older one as next and previous', async () => {
    const answer = await stack.deliver(
      englishArticle({ externalId: 'later-1', publishedAt: '2024-11-28T10:00:00+01:00' }),
      {
        partnerId: 'other-outlet',
        secret: OTHER_SECRET,
      },
    );
    expect(answer.status).toBe(202);
    await stack.waitUntilPublished();
    const older = JSON.parse((await stack.object(`articles/${SLUG}.json`)).body);
    const newer = JSON.parse(
      (await stack.object('articles/grain-corridor-talks-resume-in-istanbul.json')).body,
    );
    expect(older.next).toMatchObject({
      articleId: newer.articleId,
      url: `${stack.url}/articles/grain-corridor-talks-resume-in-istanbul.html`,
    });
    expect(newer.previous).toMatchObject({ articleId: older.articleId, title: TITLE });
    expect((await stack.object(`articles/${SLUG}.html`)).body).toContain('rel="next"');
  });

  it('links every feed from the index: the site, each partner and each language', async () => {
    const index = (await stack.object('index.html')).body;
    for (const path of [
      'feeds',
      'feeds/partners/almadar',
      'feeds/partners/other-outlet',
      'feeds/languages/ar',
      'feeds/languages/en',
    ]) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json'])
        expect(index).toContain(`href="${stack.url}/${path}/${file}"`);
    }
    expect(index).toContain('Test site: Other Outlet · Atom');
  });

  it('reports on /healthz that every accepted change is live', async () => {
    const health = await stack.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', pendingPublishes: 0, scheduledReleases: 0 });
  });
});
