import type { Element } from 'domhandler';
import { findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { type ArticleEditing, createArticleEditing } from '../../shared/editor/article-editing';
import { editorRevision } from '../../shared/editor/editor-revision';
import { ConcurrentChangeError } from '../../shared/errors/store-errors';
import { inlineText, plainText } from '../../shared/text/markup';
import { englishArticle } from '../support/fixtures';
import { TestPipeline } from '../support/test-pipeline';

const editor = { id: 'local-editor' };

/**
 * A render request (republish of one article) bumps only `changeSeq`. A writer that read the head
 * before it must not commit: its new head would carry the same `changeSeq` as the render request's,
 * and the publisher skips a head record whose `changeSeq` did not move, so the revision would
 * never be published.
 */
describe('a render request racing a commit', () => {
  let stack: TestPipeline;
  let editing: ArticleEditing;
  let minute = 0;
  const eventTime = () => new Date(Date.UTC(2024, 11, 1, 9, minute++)).toISOString();

  const publish = async (externalId: string, title: string, type = 'article.published') => {
    const answer = await stack.invokeIngest({
      ...englishArticle({ externalId, url: `https://other.example/news/${externalId}`, title }, type),
      timestamp: eventTime(),
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    await stack.waitUntilPublished();
    return answer.json as { articleId: string; url: string };
  };

  const h1Of = async (pageUrl: string): Promise<string> => {
    const answer = await stack.request('GET', new URL(pageUrl).pathname);
    const h1 = findOne((element: Element) => element.name === 'h1', parseDocument(answer.text).children);
    return h1 ? textContent(h1).trim() : '';
  };

  /**
   * The next read of this article's head answers from before a render request that lands (and is
   * published) right after the read, as when an editor's republish overtakes a writer.
   */
  const raceNextRead = (articleId: string) => {
    const store = stack.pipeline.context.store;
    const read = store.getArticle.bind(store);
    const spy = vi.spyOn(store, 'getArticle').mockImplementation(async (id) => {
      const head = await read(id);
      if (id !== articleId || !head) return head;
      spy.mockRestore();
      await store.requestRender(id, head.changeSeq);
      await stack.waitUntilPublished();
      return head;
    });
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    editing = createArticleEditing(stack.pipeline.context);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await stack?.stop();
  });

  it('refuses a commit computed from the head read before the render request', async () => {
    const { articleId } = await publish('race-store', 'Harvest figures are in');
    const store = stack.pipeline.context.store;
    const stale = (await store.getArticle(articleId)) as Article;
    await store.requestRender(articleId, stale.changeSeq);

    const commit = editorRevision(stale, {
      content: { ...stale.content, title: plainText('Harvest figures revised') },
      visibility: stale.visibility,
      editorial: { held: {}, partner: {}, corrections: [] },
      origin: { kind: 'editor', action: 'correction', editor: editor.id, reason: plainText('test') },
      at: new Date().toISOString(),
    });
    await expect(store.commitRevision(commit)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.getArticle(articleId))?.revision).toBe(stale.revision);
  });

  it('publishes an editor’s correction that lost the race, on its retry', async () => {
    const { articleId, url } = await publish('race-editor', 'Port reopens on Monday');
    raceNextRead(articleId);
    const view = await editing.correctArticle(
      articleId,
      { values: { title: inlineText('Port reopens on Tuesday') }, release: [], reason: 'Wrong day' },
      editor,
    );
    expect(view.revision).toBe(2);
    await stack.waitUntilPublished();
    expect((await editing.getArticle(articleId)).publication).toMatchObject({ revision: 2 });
    expect(await h1Of(url)).toBe('Port reopens on Tuesday');
  });

  it('publishes a partner update that lost the race, on its retry', async () => {
    const { articleId, url } = await publish('race-partner', 'Bridge closes for repairs');
    raceNextRead(articleId);
    await publish('race-partner', 'Bridge closes for a week of repairs', 'article.updated');
    expect((await editing.getArticle(articleId)).publication).toMatchObject({ revision: 2 });
    expect(await h1Of(url)).toBe('Bridge closes for a week of repairs');
  });
});
