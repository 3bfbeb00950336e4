import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticleEditing, createArticleEditing } from '../../shared/editor/article-editing';
import { readArticleLinks } from '../support/article-links';
import { englishArticle } from '../support/fixtures';
import { feedPaths, itemsFor, readFeeds } from '../support/scoped-feeds';
import { TestPipeline } from '../support/test-pipeline';

const editor = { id: 'local-editor' };
/** Every feed an almadar English article is in: site, partner and language, each in three formats. */
const NINE_FEEDS = feedPaths(['/feeds', '/feeds/partners/almadar', '/feeds/languages/en']);

interface Receipt {
  articleId: string;
  revision: number;
  state: string;
  url: string;
}

/** An instant `seconds` from now, as a partner would stamp an embargo. */
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** Polls `check` until it is true; no assertion on how long it took. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/**
 * Embargoes (CONTRACT §1, docs/publishing.md): a delivery dated in the future is stored and answered
 * `scheduled`, is in no public object before its instant, and goes live by itself at it; an update
 * moves or lifts the embargo, a deletion or a takedown cancels it, and a restart loses none.
 */
describe('embargoed deliveries', () => {
  let stack: TestPipeline;
  let editing: ArticleEditing;
  let liveFirst: Receipt;
  let second = 0;
  // Envelope timestamps only move forward, so no event is refused as older than one already applied.
  const eventTime = () => new Date(Date.now() - 60_000 + second++ * 10).toISOString();

  const deliver = async (externalId: string, data: Record<string, unknown>, type = 'article.published') => {
    const answer = await stack.deliver({
      ...englishArticle(
        {
          externalId,
          url: `https://other.example/news/${externalId}`,
          title: `Embargoed story ${externalId}`,
          ...data,
        },
        type,
      ),
      timestamp: eventTime(),
    });
    expect([200, 202], JSON.stringify(answer.json)).toContain(answer.status);
    return answer.json as Receipt;
  };

  const withdraw = async (externalId: string) => {
    const answer = await stack.deliver({
      type: 'article.deleted',
      timestamp: eventTime(),
      data: { externalId },
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    return answer.json as Receipt;
  };

  /** Every object the site holds, read in full: what any reader, crawler or aggregator could see. */
  const publicText = async () => {
    const keys = await stack.objectKeys();
    const bodies = await Promise.all(keys.map(async (key) => `${key}\n${(await stack.object(key)).body}`));
    return bodies.join('\n');
  };

  /** Whether anything public names the article: its id, its page's address or its title. */
  const isAnywherePublic = async (externalId: string, receipt: Receipt) => {
    const text = await publicText();
    const slug = new URL(receipt.url).pathname.replace(/^\/articles\/|\.html$/g, '');
    return [receipt.articleId, slug, `Embargoed story ${externalId}`].some((trace) => text.includes(trace));
  };

  const isLive = async (receipt: Receipt) =>
    (await stack.request('GET', new URL(receipt.url).pathname)).status === 200;

  const health = async () =>
    (await stack.request('GET', '/healthz')).json as { pendingPublishes: number; scheduledReleases: number };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    editing = createArticleEditing(stack.pipeline.context);
    // A live article before the embargoed ones, so going live relinks a neighbour.
    liveFirst = await deliver('live-first', { publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    await stack.waitUntilPublished();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 202 scheduled, shows it nowhere, and takes it live at its instant in pages, feeds, links and the index', async () => {
    expect(await isLive(liveFirst)).toBe(true);
    const answer = await stack.deliver({
      ...englishArticle(
        {
          externalId: 'due-soon',
          url: 'https://other.example/news/due-soon',
          title: 'Embargoed story due-soon',
          // Far enough ahead that the checks before it run first even on a loaded machine.
          publishedAt: inSeconds(8),
        },
        'article.published',
      ),
      timestamp: eventTime(),
    });
    expect(answer.status).toBe(202);
    const receipt = answer.json as Receipt;
    expect(receipt).toMatchObject({ revision: 1, state: 'scheduled' });

    // Nothing waits to be published, one article waits for its time, and nothing public names it.
    await stack.waitUntilPublished();
    expect(await health()).toMatchObject({ pendingPublishes: 0, scheduledReleases: 1 });
    expect(await isAnywherePublic('due-soon', receipt)).toBe(false);
    expect((await stack.request('GET', new URL(receipt.url).pathname)).status).toBe(404);
    expect((await editing.getArticle(receipt.articleId)).state).toBe('scheduled');

    await eventually('the embargoed article goes live', () => isLive(receipt));
    await stack.waitUntilPublished();
    expect(await health()).toMatchObject({ pendingPublishes: 0, scheduledReleases: 0 });
    expect((await editing.getArticle(receipt.articleId)).state).toBe('published');
    const feeds = await readFeeds(stack, NINE_FEEDS);
    expect(itemsFor(feeds, receipt.url).filter(Boolean)).toHaveLength(9);
    expect((await readArticleLinks(stack, receipt.url)).previous).toBe(liveFirst.url);
    expect((await readArticleLinks(stack, liveFirst.url)).next).toBe(receipt.url);
    expect((await stack.request('GET', '/index.html')).text).toContain('Embargoed story due-soon');
  });

  it('a delivery of the same embargoed article again is answered scheduled, changing nothing', async () => {
    const publishedAt = inSeconds(3600);
    const first = await deliver('repeat', { publishedAt });
    const again = await deliver('repeat', { publishedAt });
    expect(again).toEqual({ ...first, state: 'scheduled' });
    await withdraw('repeat');
  });

  it('an update moves the embargo later: past the first instant it is still nowhere; then it lifts it', async () => {
    const receipt = await deliver('moved', { publishedAt: inSeconds(8) });
    expect(receipt.state).toBe('scheduled');
    const moved = await deliver('moved', { publishedAt: inSeconds(3600) }, 'article.updated');
    expect(moved).toMatchObject({ revision: 2, state: 'scheduled' });
    // A control article due after the first instant: once it is live, the first instant's release has run.
    const control = await deliver('control-moved', { publishedAt: inSeconds(9) });
    await eventually('the control article goes live', () => isLive(control));
    await stack.waitUntilPublished();
    expect(await isAnywherePublic('moved', receipt)).toBe(false);
    expect((await editing.getArticle(receipt.articleId)).state).toBe('scheduled');

    // Lifted: dated now, it is published as any other delivery.
    const lifted = await deliver('moved', { publishedAt: new Date().toISOString() }, 'article.updated');
    expect(lifted).toMatchObject({ revision: 3, state: 'pending' });
    await stack.waitUntilPublished();
    expect(await isLive(receipt)).toBe(true);
    expect(await health()).toMatchObject({ scheduledReleases: 0 });
  });

  it('an update moves the embargo earlier, and it goes live at the new instant', async () => {
    const receipt = await deliver('earlier', { publishedAt: inSeconds(3600) });
    await deliver('earlier', { publishedAt: inSeconds(2) }, 'article.updated');
    await eventually('the article goes live at its new instant', () => isLive(receipt));
    await stack.waitUntilPublished();
  });

  it('a deletion cancels the embargo: no page, not even a removed one, before or after its instant', async () => {
    // Nothing else in flight, so the count read below is this deletion's alone.
    await stack.waitUntilPublished();
    // Far enough ahead that the deletion lands first even on a loaded machine.
    const receipt = await deliver('cancelled', { publishedAt: inSeconds(8) });
    const deleted = await withdraw('cancelled');
    expect(deleted).toMatchObject({ revision: 2, state: 'unpublished' });
    expect(await health()).toMatchObject({ pendingPublishes: 0 });
    const control = await deliver('control-cancelled', { publishedAt: inSeconds(9) });
    await eventually('the control article goes live', () => isLive(control));
    await stack.waitUntilPublished();
    expect(await isAnywherePublic('cancelled', receipt)).toBe(false);
    expect((await editing.getArticle(receipt.articleId)).state).toBe('withdrawn');
  });

  it('an editor takedown holds it past its instant; a restore then takes it live', async () => {
    const receipt = await deliver('held', { publishedAt: inSeconds(8) });
    const down = await editing.unpublishArticle(receipt.articleId, 'Legal review', editor);
    expect(down.state).toBe('taken-down');
    const control = await deliver('control-held', { publishedAt: inSeconds(9) });
    await eventually('the control article goes live', () => isLive(control));
    await stack.waitUntilPublished();
    expect(await isAnywherePublic('held', receipt)).toBe(false);

    await editing.republishArticle(receipt.articleId, editor, 'Cleared');
    await stack.waitUntilPublished();
    expect(await isLive(receipt)).toBe(true);
  });

  it('refuses to put a live article under embargo again, naming the field', async () => {
    const answer = await stack.deliver({
      ...englishArticle(
        {
          externalId: 'live-first',
          url: 'https://other.example/news/live-first',
          publishedAt: inSeconds(600),
        },
        'article.updated',
      ),
      timestamp: eventTime(),
    });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ errors: [{ pointer: '/data/publishedAt' }] });
  });

  it('a restart re-arms every embargo from the table, and one due while it was down goes live', async () => {
    const receipt = await deliver('across-restart', { publishedAt: inSeconds(2) });
    await stack.restart();
    await eventually('the article goes live after the restart', () => isLive(receipt));
    await stack.waitUntilPublished();
    expect(await health()).toMatchObject({ pendingPublishes: 0, scheduledReleases: 0 });
  });
});
