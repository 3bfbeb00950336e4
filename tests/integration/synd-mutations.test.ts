import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleDetailView } from '../../shared/editor/editor-views';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle, fixture } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { hasStackTrace, synd } from '../support/synd-cli';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const XML_FEEDS = ['feeds/rss.xml', 'feeds/atom.xml'];

/** Corrections, takedowns and restores through `synd`, read back as readers get them. */
describe('synd correct, unpublish, republish', { timeout: 120_000 }, () => {
  let stack: TestPipeline;
  let api: Record<string, string>;
  let english: { articleId: string; path: string };
  let arabic: { articleId: string; path: string };

  const page = async (path: string) => {
    const answer = await stack.request('GET', path);
    return { status: answer.status, document: new HtmlDocument(answer.text) };
  };
  /** The item titles of the site's feeds: RSS and Atom as Universal Feed Parser reads them, JSON Feed as JSON. */
  const feedTitles = async () => {
    const xml = await Promise.all(
      XML_FEEDS.map(async (key) => parseWithFeedparser((await stack.request('GET', `/${key}`)).text).titles),
    );
    const json = (await stack.request('GET', '/feeds/feed.json')).json as { items: { title: string }[] };
    return [...xml, json.items.map((item) => item.title)];
  };

  beforeAll(async () => {
    stack = await TestPipeline.start();
    api = { SYND_API_URL: stack.url, SYND_TOKEN: TEST_EDITOR_TOKEN };
    const received = [
      await stack.deliver(englishArticle({ externalId: 'synd-correct-1' })),
      await stack.deliver(fixture('webhook-article-text.json')),
    ].map((answer) => {
      expect(answer.status, answer.text).toBe(202);
      const receipt = answer.json as { articleId: string; url: string };
      return { articleId: receipt.articleId, path: new URL(receipt.url).pathname };
    });
    [english, arabic] = received as [typeof english, typeof arabic];
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('corrects a title and waits until it is live: page, notice and every feed carry it', async () => {
    const run = await synd(
      [
        'correct',
        english.articleId,
        '--title',
        'Grain corridor talks resume in Ankara',
        '--reason',
        'The talks moved to Ankara',
      ],
      api,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Corrected ${english.articleId} as revision 2: title\\. Live at http`),
    );
    // No waiting here: the command returned once the change was live.
    const { status, document } = await page(english.path);
    expect(status).toBe(200);
    expect(document.texts('h1')).toEqual(['Grain corridor talks resume in Ankara']);
    expect(document.texts('aside').join(' ')).toContain('The talks moved to Ankara');
    for (const titles of await feedTitles())
      expect(titles).toContain('Grain corridor talks resume in Ankara');
  });

  it('corrects attribution from options: authors, publisher, license', async () => {
    const run = await synd(
      [
        '--json',
        'correct',
        english.articleId,
        '--author',
        'Jane Doe <https://other.example/authors/jane>',
        '--author',
        'Ali Hassan',
        '--publisher-name',
        'Other Outlet Wire',
        '--license',
        'CC BY 4.0',
        '--reason',
        'Co-author missing from the byline',
      ],
      api,
    );
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as ArticleDetailView;
    expect(view.state).toBe('published');
    expect(view.attribution.authors).toEqual([
      { name: 'Jane Doe', url: 'https://other.example/authors/jane' },
      { name: 'Ali Hassan' },
    ]);
    expect(view.attribution.publisher.name).toBe('Other Outlet Wire');
    expect(view.attribution.license).toBe('CC BY 4.0');
    expect(view.held).toEqual(expect.arrayContaining(['title', 'authors', 'publisher', 'license']));
    expect(view.corrections.map((notice) => notice.reason)).toEqual([
      'The talks moved to Ankara',
      'Co-author missing from the byline',
    ]);
  });

  it('removes the license with --no-license', async () => {
    const run = await synd(
      ['correct', english.articleId, '--no-license', '--reason', 'No license was granted', '--json'],
      api,
    );
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as ArticleDetailView;
    expect(view.attribution.license).toBeUndefined();
    expect(view.held).toContain('license');
  });

  it('returns at once with --no-wait, with the accepted revision', async () => {
    const before = JSON.parse((await synd(['articles', 'show', english.articleId, '--json'], api)).stdout);
    const run = await synd(
      [
        'correct',
        english.articleId,
        '--summary',
        'Talks resumed.',
        '--reason',
        'Summary was wrong',
        '--no-wait',
        '--json',
      ],
      api,
    );
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ArticleDetailView).revision).toBe(
      (before as ArticleDetailView).revision + 1,
    );
    await stack.waitUntilPublished();
  });

  it('refuses an empty reason before sending anything (exit 2)', async () => {
    const run = await synd(['correct', english.articleId, '--title', 'Anything', '--reason', '  '], api);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--reason <text>' argument '  ' is invalid. must not be empty");
  });

  it('refuses a correction that sets nothing (exit 2)', async () => {
    const run = await synd(['correct', english.articleId, '--reason', 'Because'], api);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synd: nothing to correct/);
  });

  it('shows the API’s 422 with the option it was about (exit 1)', async () => {
    const run = await synd(
      ['correct', english.articleId, '--title', 'x'.repeat(301), '--reason', 'Too long'],
      api,
    );
    expect(run.code).toBe(1);
    const [first, ...fields] = run.stderr.trim().split('\n');
    expect(first).toMatch(/^synd: 422 Validation failed/);
    expect(fields.map((line) => line.trim().split(':')[0])).toEqual(['--title']);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('takes an article down: its page answers 410 and no feed has it', async () => {
    const run = await synd(['unpublish', arabic.articleId, '--reason', 'Court order 2026/114'], api);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Took down .* It is out of every feed and its page answers 410 Gone\.$/m);
    expect((await page(arabic.path)).status).toBe(410);
    const title = fixture('webhook-article-text.json').data.title as string;
    for (const titles of await feedTitles()) expect(titles).not.toContain(title);

    const list = await synd(['articles', 'list', '--state', 'taken-down', '--json'], api);
    expect(JSON.parse(list.stdout).items.map((item: { articleId: string }) => item.articleId)).toEqual([
      arabic.articleId,
    ]);
  });

  it('refuses to take it down twice, in one line (exit 1)', async () => {
    const run = await synd(['unpublish', arabic.articleId, '--reason', 'Again'], api);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^synd: 409 Conflict/);
  });

  it('republishes it: the page and the feeds have it again, and show lists the takedown and the restore', async () => {
    const run = await synd(['republish', arabic.articleId, '--reason', 'Order lifted'], api);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Republished ${arabic.articleId} \\(revision \\d+, published\\)\\. Live at`),
    );
    expect((await page(arabic.path)).status).toBe(200);
    const title = fixture('webhook-article-text.json').data.title as string;
    for (const titles of await feedTitles()) expect(titles).toContain(title);

    const show = await synd(['articles', 'show', arabic.articleId], api);
    const trail = show.stdout.split('Takedowns and restores\n')[1]?.trim().split('\n') ?? [];
    expect(trail).toHaveLength(2);
    expect(trail[0]).toMatch(/takedown by local-editor: Court order 2026\/114$/);
    expect(trail[1]).toMatch(/restore by local-editor: Order lifted$/);
  });

  it('renders a live article again on republish <id>', async () => {
    const run = await synd(['republish', english.articleId, '--json'], api);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ArticleDetailView).state).toBe('published');
  });

  it('refuses republish with nothing, or with two things, to republish (exit 2)', async () => {
    for (const args of [
      ['republish'],
      ['republish', english.articleId, '--all'],
      ['republish', '--all', '--feeds'],
    ]) {
      const run = await synd(args, api);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^synd: republish what\? give exactly one of/);
    }
  });
});
