import type { Element } from 'domhandler';
import { findAll, findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { type ArticleEditing, createArticleEditing } from '../../shared/editor/article-editing';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../../shared/errors/http-errors';
import { inlineText } from '../../shared/text/markup';
import { englishArticle } from '../support/fixtures';
import { feedPaths, itemsFor, readFeeds } from '../support/scoped-feeds';
import { TestPipeline } from '../support/test-pipeline';

const editor = { id: 'local-editor' };
const NINE_FEEDS = feedPaths(['/feeds', '/feeds/partners/almadar', '/feeds/languages/en']);

/** The page as a browser reads it: its `<h1>` and the text of its body. */
async function readPage(
  stack: TestPipeline,
  pageUrl: string,
): Promise<{ status: number; h1: string; text: string }> {
  const answer = await stack.request('GET', new URL(pageUrl).pathname);
  const root = parseDocument(answer.text).children;
  const h1 = findOne((element: Element) => element.name === 'h1', root);
  const main = findAll((element: Element) => element.name === 'article' || element.name === 'main', root)[0];
  return { status: answer.status, h1: h1 ? textContent(h1).trim() : '', text: textContent(main ?? root) };
}

describe('editor corrections', () => {
  let stack: TestPipeline;
  let editing: ArticleEditing;
  // Envelope timestamps only move forward, so no partner event is refused as older.
  let minute = 0;
  const eventTime = () => new Date(Date.UTC(2024, 11, 1, 9, minute++)).toISOString();

  const deliver = async (data: Record<string, unknown>, type = 'article.published') => {
    const answer = await stack.deliver({ ...englishArticle(data, type), timestamp: eventTime() });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    await stack.waitUntilPublished();
    return answer.json as { articleId: string; url: string; revision: number };
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    editing = createArticleEditing(stack.pipeline.context);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('a corrected headline', () => {
    let receipt: { articleId: string; url: string };

    beforeAll(async () => {
      receipt = await deliver({ externalId: 'corr-title', url: 'https://other.example/news/corr-title' });
    });

    it('is a new revision recording editor, time and reason, pending until published', async () => {
      const before = Date.now();
      const view = await editing.correctArticle(
        receipt.articleId,
        {
          values: { title: inlineText('Grain corridor talks resume in Ankara') },
          release: [],
          reason: ' The talks moved to Ankara ',
        },
        editor,
      );
      expect(view).toMatchObject({
        revision: 2,
        state: 'pending',
        title: 'Grain corridor talks resume in Ankara',
        held: ['title'],
      });
      expect(view.revisions.map((revision) => revision.revision)).toEqual([2, 1]);
      expect(view.revisions[0]?.origin).toEqual({
        kind: 'editor',
        action: 'correction',
        editor: 'local-editor',
        reason: 'The talks moved to Ankara',
        fields: ['title'],
      });
      expect(view.revisions[1]?.origin).toMatchObject({ kind: 'delivery', eventType: 'article.published' });
      const recordedAt = Date.parse(view.revisions[0]?.recordedAt ?? '');
      expect(recordedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(view.corrections).toEqual([
        {
          at: view.revisions[0]?.recordedAt,
          reason: 'The talks moved to Ankara',
          fields: ['title'],
          revision: 2,
          editor: 'local-editor',
        },
      ]);
      await stack.waitUntilPublished();
      const published = await editing.getArticle(receipt.articleId);
      expect(published.state).toBe('published');
      expect(published.publication).toMatchObject({ state: 'published', revision: 2 });
    });

    it('shows the corrected title as the page <h1>', async () => {
      expect((await readPage(stack, receipt.url)).h1).toBe('Grain corridor talks resume in Ankara');
    });

    it('carries the corrected title in the site, partner and language feeds, in all three formats', async () => {
      const items = itemsFor(await readFeeds(stack, NINE_FEEDS), receipt.url);
      expect(items.map((item) => item?.title)).toEqual(
        Array(9).fill('Grain corridor talks resume in Ankara'),
      );
    });

    it('credits a corrected publisher in every feed', async () => {
      const view = await editing.correctArticle(
        receipt.articleId,
        {
          values: { publisher: { name: inlineText('Anatolia Wire'), url: 'https://anatolia.example/' } },
          release: [],
          reason: 'The report is Anatolia Wire’s',
        },
        editor,
      );
      expect(view.attribution.publisher).toEqual({ name: 'Anatolia Wire', url: 'https://anatolia.example/' });
      expect(view.held).toEqual(['title', 'publisher']);
      expect(view.corrections.map((notice) => notice.fields)).toEqual([['title'], ['publisher']]);
      await stack.waitUntilPublished();
      const items = itemsFor(await readFeeds(stack, NINE_FEEDS), receipt.url);
      expect(items.map((item) => item?.publisher)).toEqual(Array(9).fill('Anatolia Wire'));
      expect(items.map((item) => item?.title)).toEqual(
        Array(9).fill('Grain corridor talks resume in Ankara'),
      );
    });
  });

  describe('a later partner update (the partner-update rule)', () => {
    const externalId = 'corr-rule';
    let receipt: { articleId: string; url: string };

    beforeAll(async () => {
      receipt = await deliver({
        externalId,
        url: 'https://other.example/news/corr-rule',
        title: 'Port strike enters day two',
      });
      await editing.correctArticle(
        receipt.articleId,
        {
          values: { title: inlineText('Port strike enters its second day') },
          release: [],
          reason: 'House style',
        },
        editor,
      );
      await stack.waitUntilPublished();
    });

    it('applies the partner new body, but the corrected title holds', async () => {
      await deliver(
        {
          externalId,
          url: 'https://other.example/news/corr-rule',
          title: 'Port strike spreads to two more ports',
          contentText: 'Dockers in two more ports walked out on Friday.',
          updatedAt: '2024-11-29T08:00:00Z',
        },
        'article.updated',
      );
      const page = await readPage(stack, receipt.url);
      expect(page.h1).toBe('Port strike enters its second day');
      expect(page.text).toContain('Dockers in two more ports walked out on Friday.');
      const view = await editing.getArticle(receipt.articleId);
      expect(view).toMatchObject({
        revision: 3,
        title: 'Port strike enters its second day',
        held: ['title'],
      });
      expect(view.revisions[0]?.origin).toMatchObject({ kind: 'delivery', eventType: 'article.updated' });
      const items = itemsFor(await readFeeds(stack, NINE_FEEDS), receipt.url);
      expect(items.map((item) => item?.title)).toEqual(Array(9).fill('Port strike enters its second day'));
    });

    it('still recognises a re-sent update that changes nothing', async () => {
      const answer = await stack.deliver({
        ...englishArticle(
          {
            externalId,
            url: 'https://other.example/news/corr-rule',
            title: 'Port strike spreads to two more ports',
            contentText: 'Dockers in two more ports walked out on Friday.',
            updatedAt: '2024-11-29T08:00:00Z',
          },
          'article.updated',
        ),
        timestamp: eventTime(),
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ revision: 3 });
    });

    it('accepts a partner update older than the correction but newer than the partner own last one', async () => {
      // The correction happened now, long after this updatedAt; only the partner's own order counts.
      await deliver(
        {
          externalId,
          url: 'https://other.example/news/corr-rule',
          title: 'Port strike spreads to three more ports',
          contentText: 'Dockers in three more ports walked out on Friday.',
          updatedAt: '2024-11-29T09:00:00Z',
        },
        'article.updated',
      );
      const view = await editing.getArticle(receipt.articleId);
      expect(view).toMatchObject({ revision: 4, title: 'Port strike enters its second day' });
    });

    it('gives the title back to the partner newest value when an editor releases it', async () => {
      const view = await editing.correctArticle(
        receipt.articleId,
        { values: {}, release: ['title'], reason: 'The partner headline is right now' },
        editor,
      );
      expect(view).toMatchObject({ revision: 5, title: 'Port strike spreads to three more ports', held: [] });
      expect(view.revisions[0]?.origin).toMatchObject({
        kind: 'editor',
        action: 'release',
        fields: ['title'],
      });
      await stack.waitUntilPublished();
      expect((await readPage(stack, receipt.url)).h1).toBe('Port strike spreads to three more ports');
      const items = itemsFor(await readFeeds(stack, NINE_FEEDS), receipt.url);
      expect(items.map((item) => item?.title)).toEqual(
        Array(9).fill('Port strike spreads to three more ports'),
      );
    });
  });

  it('keeps both a correction and a partner update that race', async () => {
    const externalId = 'corr-race';
    const url = 'https://other.example/news/corr-race';
    const { articleId } = await deliver({ externalId, url, title: 'Flood warning for the delta' });
    const [view, update] = await Promise.all([
      editing.correctArticle(
        articleId,
        { values: { title: inlineText('Flood warning for the whole delta') }, release: [], reason: 'Scope' },
        editor,
      ),
      stack.deliver({
        ...englishArticle(
          {
            externalId,
            url,
            title: 'Flood warning lifted',
            contentText: 'The warning was lifted at noon.',
            updatedAt: '2024-11-29T12:00:00Z',
          },
          'article.updated',
        ),
        timestamp: eventTime(),
      }),
    ]);
    expect(update.status).toBe(202);
    expect(view.held).toEqual(['title']);
    await stack.waitUntilPublished();
    const shown = await editing.getArticle(articleId);
    expect(shown).toMatchObject({ revision: 3, title: 'Flood warning for the whole delta', held: ['title'] });
    expect(shown.revisions.map((revision) => revision.origin.kind).sort()).toEqual([
      'delivery',
      'delivery',
      'editor',
    ]);
    const page = await readPage(stack, (update.json as { url: string }).url);
    expect(page.h1).toBe('Flood warning for the whole delta');
    expect(page.text).toContain('The warning was lifted at noon.');
  });

  describe('refusals', () => {
    let articleId: string;

    beforeAll(async () => {
      ({ articleId } = await deliver({
        externalId: 'corr-refusals',
        url: 'https://other.example/news/corr-refusals',
      }));
    });

    it('answers an unknown article with NotFoundError (404)', async () => {
      const unknown = articleIdFor('almadar', 'never-delivered');
      await expect(editing.getArticle(unknown)).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        editing.correctArticle(
          unknown,
          { values: { title: inlineText('X') }, release: [], reason: 'Why' },
          editor,
        ),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a correction made against a revision the article moved on from (412)', async () => {
      await expect(
        editing.correctArticle(
          articleId,
          { values: { title: inlineText('Other title') }, release: [], reason: 'Why' },
          editor,
          7,
        ),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await editing.getArticle(articleId)).revision).toBe(1);
    });

    it('applies a correction made against the current revision', async () => {
      const view = await editing.correctArticle(
        articleId,
        { values: { summary: inlineText('A shorter summary.') }, release: [], reason: 'Tighter' },
        editor,
        1,
      );
      expect(view).toMatchObject({ revision: 2, summary: 'A shorter summary.' });
    });

    it('refuses a correction that changes nothing (422), storing nothing', async () => {
      const { title } = await editing.getArticle(articleId);
      await expect(
        editing.correctArticle(
          articleId,
          { values: { title: inlineText(title) }, release: ['license'], reason: 'No-op' },
          editor,
        ),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await editing.getArticle(articleId)).revision).toBe(2);
    });
  });
});
