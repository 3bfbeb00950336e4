import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { ValidationError } from '../../shared/errors/http-errors';
import { ingestDelivery } from '../../shared/ingest/ingest-delivery';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { englishArticle } from '../support/fixtures';
import { startTestContext } from '../support/test-context';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const deletion = (externalId: string) => ({
  type: 'article.deleted',
  timestamp: '2024-11-29T00:00:00Z',
  data: { externalId },
});

describe('events and revisions', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const revisionsOf = async (articleId: string) =>
    (await stack.items()).filter((item) => item.entity === 'Revision' && item.articleId === articleId);

  it('makes one effect of ten copies of one delivery sent at once', async () => {
    const body = englishArticle({ externalId: 'concurrent-1' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => stack.deliver(body, { deliveryId: 'msg_concurrent' })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    for (const answer of answers) expect(answer.json).toEqual(answers[0]?.json);
    expect(await revisionsOf(articleIdFor('almadar', 'concurrent-1'))).toHaveLength(1);
    const deliveries = (await stack.items()).filter(
      (item) => item.entity === 'Delivery' && String(item.pk).endsWith('#msg_concurrent'),
    );
    expect(deliveries).toHaveLength(1);
  });

  it('makes one article of five different deliveries of the same new article racing', async () => {
    const body = englishArticle({ externalId: 'racing-1' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => stack.deliver(body, { deliveryId: `msg_race_${i}` })),
    );
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(4);
    expect(await revisionsOf(articleIdFor('almadar', 'racing-1'))).toHaveLength(1);
  });

  describe('one article through update, stale update and deletion', () => {
    const externalId = 'lifecycle-1';
    const articleId = articleIdFor('almadar', externalId);

    it('stores revision 2 for a newer change, keeping the slug and every revision with its delivery id', async () => {
      expect((await stack.deliver(englishArticle({ externalId }), { deliveryId: 'msg_life_1' })).status).toBe(
        202,
      );
      const update = await stack.deliver(
        englishArticle(
          { externalId, title: 'Grain corridor talks collapse', updatedAt: '2024-11-28T12:00:00Z' },
          'article.updated',
        ),
        { deliveryId: 'msg_life_2' },
      );
      expect(update.status).toBe(202);
      expect(update.json).toMatchObject({
        articleId,
        revision: 2,
        state: 'pending',
        url: expect.stringMatching(/grain-corridor-talks-resume-in-istanbul(-[0-9a-z]+)?\.html$/),
      });
      const revisions = await revisionsOf(articleId);
      expect(revisions.map((revision) => (revision.origin as { deliveryId: string }).deliveryId)).toEqual([
        'msg_life_1',
        'msg_life_2',
      ]);
      const head = (await stack.items()).find(
        (item) => item.pk === `ARTICLE#${articleId}` && item.sk === 'HEAD',
      );
      expect(head).toMatchObject({
        revision: 2,
        content: expect.objectContaining({ title: 'Grain corridor talks collapse' }),
      });
    });

    it('answers a resent identical revision 200 with the state it is in, and a retried id with its first receipt', async () => {
      await stack.waitUntilPublished();
      const identical = await stack.deliver(
        englishArticle(
          { externalId, title: 'Grain corridor talks collapse', updatedAt: '2024-11-28T12:00:00Z' },
          'article.updated',
        ),
      );
      expect(identical.status).toBe(200);
      expect(identical.json).toMatchObject({ articleId, revision: 2, state: 'published' });
      const retried = await stack.deliver(englishArticle({ externalId }), { deliveryId: 'msg_life_1' });
      expect(retried.status).toBe(200);
      expect(retried.json).toMatchObject({ articleId, revision: 1, state: 'pending' });
    });

    it('refuses an update older than the stored revision with 409 and stores nothing', async () => {
      await stack.waitUntilPublished();
      const before = await stack.contentItems();
      const stale = await stack.deliver(
        englishArticle({ externalId, title: 'Stale', updatedAt: '2024-11-28T11:00:00Z' }, 'article.updated'),
      );
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({ type: '/problems/conflict', status: 409 });
      expect(await stack.contentItems()).toEqual(before);
    });

    it('takes the article down on article.deleted, keeping every revision', async () => {
      await stack.waitUntilPublished();
      const page = `articles/${(await stack.items()).find((item) => item.pk === `ARTICLE#${articleId}` && item.sk === 'HEAD')?.slug}.html`;
      expect(await stack.objectKeys()).toContain(page);

      const deleted = await stack.deliver(deletion(externalId), { deliveryId: 'msg_life_3' });
      expect(deleted.status).toBe(202);
      expect(deleted.json).toMatchObject({ articleId, revision: 3, state: 'pending' });
      await stack.waitUntilPublished();

      expect(await revisionsOf(articleId)).toHaveLength(3);
      // The page's address keeps a "removed" page, served 410; the article's data is gone.
      expect((await stack.object(page)).metadata['http-status']).toBe('410');
      expect(await stack.objectKeys()).not.toContain(page.replace(/\.html$/, '.json'));
      expect((await stack.object('feeds/rss.xml')).body).not.toContain('Grain corridor talks collapse');
      const orders = (await stack.items()).filter(
        (item) => item.entity === 'OrderEntry' && item.articleId === articleId,
      );
      expect(orders).toEqual([]);
    });

    it('answers a second deletion with 200, state unpublished, and no new revision', async () => {
      const again = await stack.deliver(deletion(externalId));
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ articleId, revision: 3, state: 'unpublished' });
      expect(await revisionsOf(articleId)).toHaveLength(3);
    });

    it('republishes on a later article.published, as revision 4 under the same slug', async () => {
      const back = await stack.deliver({
        ...englishArticle({ externalId, updatedAt: '2024-11-29T12:00:00Z' }),
        timestamp: '2024-11-29T12:00:00Z',
      });
      expect(back.status).toBe(202);
      expect(back.json).toMatchObject({ revision: 4 });
      await stack.waitUntilPublished();
      const head = (await stack.items()).find(
        (item) => item.pk === `ARTICLE#${articleId}` && item.sk === 'HEAD',
      );
      expect(await stack.objectKeys()).toContain(`articles/${head?.slug}.html`);
      expect((await stack.object(`articles/${head?.slug}.html`)).metadata['http-status']).toBeUndefined();
    });
  });

  it('gives a second article with the same title its own slug', async () => {
    const first = await stack.deliver(
      englishArticle({ externalId: 'same-title-1', title: 'Same headline twice' }),
    );
    const second = await stack.deliver(
      englishArticle({ externalId: 'same-title-2', title: 'Same headline twice' }),
    );
    expect((first.json as { url: string }).url).toMatch(/\/articles\/same-headline-twice\.html$/);
    const suffix = articleIdFor('almadar', 'same-title-2').slice(1, 7);
    expect((second.json as { url: string }).url).toMatch(
      new RegExp(`/articles/same-headline-twice-${suffix}\\.html$`),
    );
    // A third, and a fourth whose short suffix could only collide by chance, still get their own.
    const third = await stack.deliver(
      englishArticle({ externalId: 'same-title-3', title: 'Same headline twice' }),
    );
    expect(third.status).toBe(202);
    expect(new Set([first, second, third].map((answer) => (answer.json as { url: string }).url)).size).toBe(
      3,
    );
  });

  describe('deliveries that arrive out of order', () => {
    const at = (iso: string, data: Record<string, unknown>, type = 'article.published') => ({
      ...englishArticle(data, type),
      timestamp: iso,
    });

    it('refuses an update sent before a deletion but arriving after it', async () => {
      const externalId = 'late-update';
      expect((await stack.deliver(at('2024-12-01T10:00:00Z', { externalId }))).status).toBe(202);
      const deletion = { type: 'article.deleted', timestamp: '2024-12-01T12:00:00Z', data: { externalId } };
      expect((await stack.deliver(deletion)).status).toBe(202);
      const late = await stack.deliver(
        at(
          '2024-12-01T11:00:00Z',
          { externalId, title: 'Sent before the takedown', updatedAt: '2024-12-01T11:00:00Z' },
          'article.updated',
        ),
      );
      expect(late.status).toBe(409);
      const head = (await stack.items()).find(
        (item) => item.pk === `ARTICLE#${articleIdFor('almadar', externalId)}` && item.sk === 'HEAD',
      );
      expect(head?.visibility).toBe('withdrawn');
    });

    it('refuses an edit overtaken by a revert that changed nothing', async () => {
      const externalId = 'reverted';
      const original = { externalId, title: 'Original words' };
      expect((await stack.deliver(at('2024-12-02T09:00:00Z', original))).status).toBe(202);
      // The partner edits (T2), then reverts (T3); the revert arrives first and changes nothing.
      const revert = await stack.deliver(
        at('2024-12-02T11:00:00Z', { ...original, updatedAt: '2024-12-02T11:00:00Z' }, 'article.updated'),
      );
      expect(revert.status).toBe(200);
      const edit = await stack.deliver(
        at(
          '2024-12-02T10:00:00Z',
          { ...original, title: 'Edited words', updatedAt: '2024-12-02T10:00:00Z' },
          'article.updated',
        ),
      );
      expect(edit.status).toBe(409);
      const head = (await stack.items()).find(
        (item) => item.pk === `ARTICLE#${articleIdFor('almadar', externalId)}` && item.sk === 'HEAD',
      );
      expect(head?.content).toMatchObject({ title: 'Original words' });
    });
  });

  describe('times in the future', () => {
    const headOf = async (externalId: string) =>
      (await stack.items()).find(
        (item) => item.pk === `ARTICLE#${articleIdFor('almadar', externalId)}` && item.sk === 'HEAD',
      );

    it('refuses an event dated 2099 and pins nothing: a later update and deletion still apply', async () => {
      const externalId = 'event-from-2099';
      expect((await stack.deliver(englishArticle({ externalId }))).status).toBe(202);
      // Once published, nothing but a stored delivery can change the items.
      await stack.waitUntilPublished();
      const before = await stack.contentItems();
      const fromTheFuture = await stack.deliver({
        ...englishArticle(
          { externalId, title: 'Dated 2099', updatedAt: '2024-11-29T00:00:00Z' },
          'article.updated',
        ),
        timestamp: '2099-01-01T00:00:00Z',
      });
      expect(fromTheFuture.status).toBe(400);
      expect(fromTheFuture.json).toMatchObject({ errors: [{ pointer: '/timestamp' }] });
      expect(await stack.contentItems()).toEqual(before);

      const update = await stack.deliver({
        ...englishArticle(
          { externalId, title: 'A normal later update', updatedAt: '2024-11-29T00:00:00Z' },
          'article.updated',
        ),
        timestamp: new Date().toISOString(),
      });
      expect(update.status).toBe(202);
      expect(update.json).toMatchObject({ revision: 2 });
      const removal = await stack.deliver({
        type: 'article.deleted',
        timestamp: new Date().toISOString(),
        data: { externalId },
      });
      expect(removal.status).toBe(202);
      expect(await headOf(externalId)).toMatchObject({ revision: 3, visibility: 'withdrawn' });
    });

    it('stores an article dated ahead, within the clock-skew allowance or beyond it, as scheduled', async () => {
      for (const [externalId, ahead] of [
        ['in-a-minute', 60_000],
        ['in-a-quarter-hour', 15 * 60_000],
      ] as const) {
        const publishedAt = new Date(Date.now() + ahead).toISOString();
        const accepted = await stack.deliver(englishArticle({ externalId, publishedAt }));
        expect(accepted.status).toBe(202);
        expect(accepted.json).toMatchObject({ state: 'scheduled' });
        expect(await headOf(externalId)).toMatchObject({
          visibility: 'scheduled',
          content: expect.objectContaining({ publishedAt }),
        });
      }
    });

    it('judges time by the use case’s injected clock', async () => {
      // The real use case on its own table, with the clock pinned to the first minute of 2099.
      const { context, stop } = await startTestContext();
      try {
        const pinned = new Date('2099-01-01T00:00:00Z');
        const send = (publishedAt: string, clock: Date, updatedAt?: string) => {
          const body = JSON.stringify(
            englishArticle({
              externalId: `pinned-${publishedAt}`,
              publishedAt,
              ...(updatedAt ? { updatedAt } : {}),
            }),
          );
          const signed = signDelivery(ALMADAR_SECRET, body);
          return ingestDelivery(
            {
              partnerId: 'almadar',
              contentType: 'application/json',
              headers: signed.headers,
              body: new TextEncoder().encode(body),
            },
            { ...context, clock: () => clock },
          );
        };
        // Before the pinned instant, so published rather than scheduled, though by the wall clock it is 2098.
        const published = await send('2098-12-31T23:56:00Z', pinned);
        expect(published).toMatchObject({ status: 202, receipt: { state: 'pending' } });
        // Six minutes past the pinned instant is beyond the allowance for an updatedAt.
        await expect(send('2098-12-31T23:00:00Z', pinned, '2099-01-01T00:06:00Z')).rejects.toBeInstanceOf(
          ValidationError,
        );
      } finally {
        stop();
      }
    });
  });

  it('answers 404 for deleting an article the partner never delivered', async () => {
    const answer = await stack.deliver(deletion('never-delivered'));
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ type: '/problems/not-found' });
  });

  it('keeps partners apart: the same externalId is two articles, and one partner cannot delete the other’s', async () => {
    expect((await stack.deliver(englishArticle({ externalId: 'shared-id' }))).status).toBe(202);
    const other = await stack.deliver(
      englishArticle({ externalId: 'shared-id', title: 'Other outlet’s own story' }),
      {
        partnerId: 'other-outlet',
        secret: OTHER_SECRET,
      },
    );
    expect(other.status).toBe(202);
    expect((other.json as { articleId: string }).articleId).not.toBe(articleIdFor('almadar', 'shared-id'));

    await stack.deliver(deletion('shared-id'), { partnerId: 'other-outlet', secret: OTHER_SECRET });
    const almadarHead = (await stack.items()).find(
      (item) => item.pk === `ARTICLE#${articleIdFor('almadar', 'shared-id')}` && item.sk === 'HEAD',
    );
    expect(almadarHead).toMatchObject({ visibility: 'public', revision: 1 });
  });

  it('answers 429 with Retry-After once a partner is over its rate limit', async () => {
    // Limit 2 a minute; seven deliveries put at least three in one window, however the minute falls.
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(
        await stack.deliver(englishArticle({ externalId: `limited-${i}` }), {
          partnerId: 'limited',
          secret: OTHER_SECRET,
        }),
      );
    }
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.every((answer) => answer.status === 202 || answer.status === 429)).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const answer of refused) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(answer.json).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    }
    const stored = (await stack.items()).filter(
      (item) => item.entity === 'Article' && item.partnerId === 'limited',
    );
    expect(stored).toHaveLength(answers.length - refused.length);
  });
});
