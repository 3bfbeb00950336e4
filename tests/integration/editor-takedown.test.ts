import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticleEditing, createArticleEditing } from '../../shared/editor/article-editing';
import { ConflictError, PreconditionFailedError } from '../../shared/errors/http-errors';
import { inlineText } from '../../shared/text/markup';
import { readArticleLinks } from '../support/article-links';
import { englishArticle } from '../support/fixtures';
import { feedPaths, itemsFor, readFeeds } from '../support/scoped-feeds';
import { TestPipeline } from '../support/test-pipeline';

const editor = { id: 'local-editor' };
/** Site, partner and language feeds, each in RSS, Atom and JSON Feed: every feed an almadar English article is in. */
const NINE_FEEDS = feedPaths(['/feeds', '/feeds/partners/almadar', '/feeds/languages/en']);

type Name = 'A' | 'B' | 'C' | 'D' | 'E';

/**
 * An editor takes an article down and republishes it: it leaves and rejoins every feed it was in,
 * its page answers 410 and comes back, its neighbours are relinked each way, and a partner update
 * meanwhile does not bring it back. Every step is published and waited for before the next.
 */
describe('takedown and republish', () => {
  let stack: TestPipeline;
  let editing: ArticleEditing;
  const receipts = new Map<Name, { articleId: string; url: string }>();
  let minute = 0;
  const eventTime = () => new Date(Date.UTC(2024, 11, 1, 9, minute++)).toISOString();
  const receipt = (name: Name) => {
    const found = receipts.get(name);
    if (!found) throw new Error(`${name} was not delivered`);
    return found;
  };
  const path = (name: Name) => new URL(receipt(name).url).pathname;

  const deliver = async (name: Name, type: string, data: Record<string, unknown> = {}) => {
    const answer = await stack.deliver({
      ...englishArticle(
        {
          externalId: `takedown-${name}`,
          url: `https://other.example/news/takedown-${name}`,
          title: `Takedown story ${name}`,
          publishedAt: `2024-11-0${'ABCDE'.indexOf(name) + 1}T09:00:00Z`,
          ...data,
        },
        type,
      ),
      timestamp: eventTime(),
    });
    await stack.waitUntilPublished();
    return answer;
  };

  /** Which of the nine feeds carry each article, as their readers see them. */
  const inFeeds = async (...names: Name[]) => {
    const feeds = await readFeeds(stack, NINE_FEEDS);
    return Object.fromEntries(
      names.map((name) => [
        name,
        itemsFor(feeds, receipt(name).url).filter((item) => item !== undefined).length,
      ]),
    );
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    editing = createArticleEditing(stack.pipeline.context);
    for (const name of ['A', 'B', 'C', 'D'] as const) {
      const answer = await deliver(name, 'article.published');
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      receipts.set(name, answer.json as { articleId: string; url: string });
    }
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('starts with B in all nine feeds, between A and C', async () => {
    expect(await inFeeds('A', 'B', 'C')).toEqual({ A: 9, B: 9, C: 9 });
    expect((await readArticleLinks(stack, receipt('B').url)).previous).toBe(receipt('A').url);
  });

  it('takes B out of every feed, answers 410 for its page and 404 for its json, and relinks A and C', async () => {
    const view = await editing.unpublishArticle(receipt('B').articleId, 'Court order 2024/117', editor);
    expect(view).toMatchObject({
      revision: 2,
      state: 'pending',
      takedown: { editor: 'local-editor', reason: 'Court order 2024/117' },
    });
    await stack.waitUntilPublished();

    expect(await inFeeds('A', 'B', 'C')).toEqual({ A: 9, B: 0, C: 9 });
    expect((await stack.request('GET', path('B'))).status).toBe(410);
    expect((await stack.request('GET', path('B').replace(/\.html$/, '.json'))).status).toBe(404);
    expect((await readArticleLinks(stack, receipt('A').url)).next).toBe(receipt('C').url);
    expect((await readArticleLinks(stack, receipt('C').url)).previous).toBe(receipt('A').url);

    const shown = await editing.getArticle(receipt('B').articleId);
    expect(shown).toMatchObject({ state: 'taken-down', publication: { state: 'unpublished', revision: 2 } });
    expect(shown.takedowns).toEqual([
      {
        action: 'takedown',
        at: shown.revisions[0]?.recordedAt,
        editor: 'local-editor',
        reason: 'Court order 2024/117',
        revision: 2,
      },
    ]);
    expect(shown.revisions[0]?.origin).toEqual({
      kind: 'editor',
      action: 'takedown',
      editor: 'local-editor',
      reason: 'Court order 2024/117',
    });
  });

  it('refuses a second takedown with 409', async () => {
    await expect(editing.unpublishArticle(receipt('B').articleId, 'Again', editor)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('keeps B down when its partner updates it, storing the update for later', async () => {
    const answer = await deliver('B', 'article.updated', {
      contentText: 'An updated account that the partner sent while the article was down.',
      updatedAt: '2024-11-29T09:00:00Z',
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ revision: 3, state: 'unpublished' });
    expect(await inFeeds('A', 'B', 'C')).toEqual({ A: 9, B: 0, C: 9 });
    expect((await stack.request('GET', path('B'))).status).toBe(410);
    expect(await editing.getArticle(receipt('B').articleId)).toMatchObject({
      state: 'taken-down',
      revision: 3,
    });
  });

  it('accepts a correction while B is down, and B stays down', async () => {
    const view = await editing.correctArticle(
      receipt('B').articleId,
      {
        values: { title: inlineText('Takedown story B, corrected') },
        release: [],
        reason: 'Named the wrong court',
      },
      editor,
    );
    expect(view).toMatchObject({
      revision: 4,
      state: 'pending',
      takedown: { reason: 'Court order 2024/117' },
    });
    await stack.waitUntilPublished();
    expect((await editing.getArticle(receipt('B').articleId)).state).toBe('taken-down');
    expect((await stack.request('GET', path('B'))).status).toBe(410);
    expect(await inFeeds('B')).toEqual({ B: 0 });
  });

  it('republishing B restores its page, its json, all nine feeds and its neighbours’ links, with the partner update', async () => {
    const view = await editing.republishArticle(receipt('B').articleId, editor, 'Order lifted on appeal');
    expect(view).toMatchObject({ revision: 5, state: 'pending', title: 'Takedown story B, corrected' });
    expect(view.takedown).toBeUndefined();
    await stack.waitUntilPublished();

    expect(await inFeeds('A', 'B', 'C')).toEqual({ A: 9, B: 9, C: 9 });
    const titles = itemsFor(await readFeeds(stack, NINE_FEEDS), receipt('B').url).map((item) => item?.title);
    expect(titles).toEqual(Array(9).fill('Takedown story B, corrected'));
    const page = await stack.request('GET', path('B'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('An updated account that the partner sent while the article was down.');
    expect((await stack.request('GET', path('B').replace(/\.html$/, '.json'))).status).toBe(200);
    expect(await readArticleLinks(stack, receipt('B').url)).toEqual({
      previous: receipt('A').url,
      next: receipt('C').url,
    });
    expect((await readArticleLinks(stack, receipt('A').url)).next).toBe(receipt('B').url);

    const shown = await editing.getArticle(receipt('B').articleId);
    expect(shown.state).toBe('published');
    expect(shown.takedowns.map(({ action, reason, revision }) => ({ action, reason, revision }))).toEqual([
      { action: 'takedown', reason: 'Court order 2024/117', revision: 2 },
      { action: 'restore', reason: 'Order lifted on appeal', revision: 5 },
    ]);
    expect(shown.revisions.map((revision) => [revision.revision, revision.origin.kind])).toEqual([
      [5, 'editor'],
      [4, 'editor'],
      [3, 'delivery'],
      [2, 'editor'],
      [1, 'delivery'],
    ]);
  });

  it('republishing a live article renders it again without a new revision', async () => {
    const key = path('C').slice(1);
    await stack.pipeline.context.bucket.delete(key);
    expect((await stack.request('GET', path('C'))).status).toBe(404);
    const view = await editing.republishArticle(receipt('C').articleId, editor);
    expect(view.revision).toBe(1);
    await stack.waitUntilPublished();
    expect((await stack.request('GET', path('C'))).status).toBe(200);
    expect(await editing.getArticle(receipt('C').articleId)).toMatchObject({
      state: 'published',
      revision: 1,
      revisions: [expect.objectContaining({ revision: 1 })],
    });
  });

  it('keeps what editors decided with each revision, for the audit trail', async () => {
    const revisions = (await stack.items()).filter(
      (item) => item.entity === 'Revision' && item.articleId === receipt('B').articleId,
    );
    const editorialOf = (number: number) =>
      revisions.find((item) => item.revision === number)?.editorial as
        | { takedown?: { reason: string; partnerVisibility: string } }
        | undefined;
    expect(editorialOf(1)).toBeUndefined();
    expect(editorialOf(2)?.takedown).toMatchObject({
      reason: 'Court order 2024/117',
      partnerVisibility: 'public',
    });
    expect(editorialOf(5)?.takedown).toBeUndefined();
  });

  it('will not restore an article its partner deleted while it was down (409), nor republish a deleted one', async () => {
    await expect(
      editing.unpublishArticle(receipt('D').articleId, 'Complaint under review', editor, 2),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await editing.unpublishArticle(receipt('D').articleId, 'Complaint under review', editor, 1);
    await stack.waitUntilPublished();
    const deletion = await stack.deliver({
      type: 'article.deleted',
      timestamp: eventTime(),
      data: { externalId: 'takedown-D' },
    });
    expect(deletion.status).toBe(202);
    expect(deletion.json).toMatchObject({ state: 'unpublished' });
    await stack.waitUntilPublished();
    await expect(editing.republishArticle(receipt('D').articleId, editor)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await editing.getArticle(receipt('D').articleId)).toMatchObject({
      state: 'taken-down',
      revision: 3,
    });

    const answer = await deliver('E', 'article.published');
    receipts.set('E', answer.json as { articleId: string; url: string });
    await stack.deliver({
      type: 'article.deleted',
      timestamp: eventTime(),
      data: { externalId: 'takedown-E' },
    });
    await stack.waitUntilPublished();
    expect((await editing.getArticle(receipt('E').articleId)).state).toBe('withdrawn');
    await expect(editing.republishArticle(receipt('E').articleId, editor)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('records a restore an editor gave no reason for in fixed words', async () => {
    await editing.unpublishArticle(receipt('C').articleId, 'Checking a complaint', editor);
    await stack.waitUntilPublished();
    const view = await editing.republishArticle(receipt('C').articleId, editor);
    expect(view.revisions[0]?.origin).toEqual({
      kind: 'editor',
      action: 'restore',
      editor: 'local-editor',
      reason: 'Republished by an editor',
    });
    expect(view.takedowns.at(-1)).toMatchObject({ action: 'restore', reason: 'Republished by an editor' });
  });
});
