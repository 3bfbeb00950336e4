import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEditorTokenFile } from '../../local/editor-token-file';
import { freePort } from '../../local/free-port';
import type { ArticleDetailView, ArticleListView } from '../../shared/editor/editor-views';
import { englishArticle, fixture } from '../support/fixtures';
import { hasStackTrace, synd } from '../support/synd-cli';
import { OTHER_SECRET } from '../support/test-partners';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const ARABIC_TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';

/** Reading commands, the connection settings, and what every failure looks like. */
describe('synd articles, connection and failures', { timeout: 120_000 }, () => {
  let stack: TestPipeline;
  let api: Record<string, string>;
  const ids: Record<'arabic' | 'english' | 'other', string> = { arabic: '', english: '', other: '' };
  const dataDir = mkdtempSync(join(tmpdir(), 'synd-data-'));

  beforeAll(async () => {
    stack = await TestPipeline.start();
    api = { SYND_API_URL: stack.url, SYND_TOKEN: TEST_EDITOR_TOKEN };
    const deliveries = [
      ['arabic', await stack.deliver(fixture('webhook-article-text.json'))],
      ['english', await stack.deliver(englishArticle({ externalId: 'synd-en-1' }))],
      [
        'other',
        await stack.deliver(
          englishArticle({
            externalId: 'synd-other-1',
            url: 'https://other.example/news/synd-other-1',
            title: 'Harbour reopens after the storm',
            publishedAt: '2024-11-29T08:00:00Z',
          }),
          { partnerId: 'other-outlet', secret: OTHER_SECRET },
        ),
      ],
    ] as const;
    for (const [name, answer] of deliveries) {
      expect(answer.status, answer.text).toBe(202);
      ids[name] = (answer.json as { articleId: string }).articleId;
    }
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('articles list', () => {
    it('prints a table with the Arabic title as it is, one row per article', async () => {
      const run = await synd(['articles', 'list'], api);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [header, ...rows] = run.stdout.trimEnd().split('\n');
      expect(header?.split(/\s{2,}/)).toEqual(['ID', 'STATE', 'PARTNER', 'LANG', 'PUBLISHED (UTC)', 'TITLE']);
      expect(rows).toHaveLength(3);
      const arabicRow = rows.find((row) => row.startsWith(ids.arabic));
      expect(arabicRow?.split(/\s{2,}/)).toEqual([
        ids.arabic,
        'published',
        'almadar',
        'ar',
        '2024-11-27 09:00',
        ARABIC_TITLE,
      ]);
      // Newest first.
      expect(rows[0]?.startsWith(ids.other)).toBe(true);
    });

    it('filters by partner, language and state, and prints the API’s JSON with --json', async () => {
      const byPartner = await synd(['--json', 'articles', 'list', '--partner', 'other-outlet'], api);
      expect(byPartner.code).toBe(0);
      const partnerPage = JSON.parse(byPartner.stdout) as ArticleListView;
      expect(partnerPage.items.map((item) => item.articleId)).toEqual([ids.other]);

      const byLanguage = await synd(['articles', 'list', '--language', 'ar', '--json'], api);
      const languagePage = JSON.parse(byLanguage.stdout) as ArticleListView;
      expect(languagePage.items.map((item) => item.title)).toEqual([ARABIC_TITLE]);

      const taken = await synd(['articles', 'list', '--state', 'taken-down', '--json'], api);
      expect((JSON.parse(taken.stdout) as ArticleListView).items).toEqual([]);
      const none = await synd(['articles', 'list', '--state', 'taken-down'], api);
      expect(none.stdout.trim()).toBe('No articles match.');
    });

    it('follows every cursor with --all, one article per page', async () => {
      const run = await synd(['articles', 'list', '--limit', '1', '--all', '--json'], api);
      expect(run.code).toBe(0);
      const all = JSON.parse(run.stdout) as ArticleListView;
      expect(all.items.map((item) => item.articleId).sort()).toEqual(Object.values(ids).sort());
      expect(all.nextCursor).toBeUndefined();
    });

    it('says how to get the next page when there is one', async () => {
      const first = await synd(['articles', 'list', '--limit', '2'], api);
      const cursor = /--cursor (\S+) for the next page/.exec(first.stdout)?.[1];
      expect(cursor).toBeDefined();
      const next = await synd(
        ['articles', 'list', '--limit', '2', '--cursor', cursor as string, '--json'],
        api,
      );
      expect(next.code).toBe(0);
      expect((JSON.parse(next.stdout) as ArticleListView).items).toHaveLength(1);
    });
  });

  describe('articles show', () => {
    it('shows attribution, state, publication and revisions', async () => {
      const run = await synd(['articles', 'show', ids.arabic], api);
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      /** The value of a `label:` line, as a person reads it. */
      const field = (label: string) =>
        lines
          .find((line) => line.startsWith(`  ${label}:`))
          ?.slice(`  ${label}:`.length)
          .trim();
      expect(lines[0], run.stdout).toBe(ARABIC_TITLE);
      expect(field('id')).toBe(ids.arabic);
      expect(field('state')).toBe('published');
      expect(field('publication')).toMatch(/^published, revision 1, rendered \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(field('partner')).toMatch(/ \(almadar\), external id 2024-11-russia-taliban-rapprochement$/);
      expect(field('language')).toBe('ar (rtl)');
      expect(lines).toContain('Revisions (newest first)');
      expect(lines.find((line) => line.startsWith('  r1 '))).toMatch(/article\.published \(delivery /);
    });

    it('prints the API’s view with --json', async () => {
      const run = await synd(['articles', 'show', ids.english, '--json'], api);
      const view = JSON.parse(run.stdout) as ArticleDetailView;
      expect(view.articleId).toBe(ids.english);
      expect(view.publication?.state).toBe('published');
      expect(view.revisions.map((revision) => revision.revision)).toEqual([1]);
    });

    it('answers an unknown id with the API’s 404 in one line, exit 1', async () => {
      const run = await synd(['articles', 'show', 'a00000000000000000000'], api);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^synd: 404 Not found/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(run.stderr)).toBe(false);
    });
  });

  describe('connection', () => {
    it('reads the local run’s token file when no token is given and the API is on this machine', async () => {
      await writeEditorTokenFile(dataDir, TEST_EDITOR_TOKEN);
      const port = new URL(stack.url).port;
      const byPort = await synd(['articles', 'list', '--json'], { PORT: port, DATA_DIR: dataDir });
      expect(byPort.stderr).toBe('');
      expect((JSON.parse(byPort.stdout) as ArticleListView).items).toHaveLength(3);
      const byLoopback = await synd(['--api-url', `http://127.0.0.1:${port}`, 'articles', 'list'], {
        DATA_DIR: dataDir,
      });
      expect(byLoopback.code).toBe(0);
    });

    it('exits 3 and says how to fix it when there is no token for another host', async () => {
      const run = await synd(['articles', 'list'], {
        SYND_API_URL: 'https://editor.example.com',
        DATA_DIR: dataDir,
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        'synd: no editor token for https://editor.example.com: sign in with synd login --api-url https://editor.example.com, or set SYND_TOKEN (or pass --token)\n',
      );
    });

    it('exits 3 locally without a token file, pointing at npm start', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'synd-empty-'));
      const run = await synd(['articles', 'list'], { SYND_API_URL: stack.url, DATA_DIR: empty });
      rmSync(empty, { recursive: true, force: true });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('npm start');
      expect(run.stderr).toContain('SYND_TOKEN');
    });

    it('exits 1 with a readable line when the API refuses the token', async () => {
      const dataDir = join(tmpdir(), 'synd-another-data-dir');
      const run = await synd(['articles', 'list'], {
        SYND_API_URL: stack.url,
        SYND_TOKEN: 'not-the-editor-token-at-all',
        DATA_DIR: dataDir,
      });
      expect(run.code).toBe(1);
      const [first, hint] = run.stderr.trim().split('\n');
      expect(first).toMatch(/^synd: 401 Unauthorized/);
      expect(hint).toContain('the API refused the token from SYND_TOKEN');
      // Where the run of that data directory writes its token, not the default's.
      expect(hint).toContain(`npm start writes its current token to ${join(dataDir, 'editor-token')}`);
      expect(hasStackTrace(run.stderr)).toBe(false);
    });

    it('exits 3 when nothing answers at the API’s address, saying to start it', async () => {
      const unused = await freePort();
      const run = await synd(['articles', 'list'], {
        SYND_API_URL: `http://localhost:${unused}`,
        SYND_TOKEN: 'x'.repeat(24),
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(`^synd: cannot reach http://localhost:${unused}: ECONNREFUSED \\(.*npm start`),
      );
      expect(hasStackTrace(run.stderr)).toBe(false);
    });

    it('refuses an --api-url that is not an http(s) URL as a usage error', async () => {
      const run = await synd(['--api-url', 'localhost:3000', 'articles', 'list']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--api-url');
    });
  });
});

describe('synd --help', () => {
  const commands = [
    [],
    ['articles'],
    ['articles', 'list'],
    ['articles', 'show'],
    ['correct'],
    ['unpublish'],
    ['republish'],
    ['sign'],
  ];

  it.each(commands.map((path) => ({ path, name: path.join(' ') })))(
    'is there for every command, with examples: synd $name --help',
    async ({ path }) => {
      const run = await synd([...path, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: synd ${path.join(' ')}`.trimEnd()));
      if (path[0] !== 'sign') expect(run.stdout).toContain('--json');
      if (path.length > 0) expect(run.stdout).toContain('Examples:');
    },
  );

  it('documents the exit codes and environment in the top help', async () => {
    const run = await synd(['--help']);
    expect(run.stdout).toContain('SYND_API_URL');
    expect(run.stdout).toContain('SYND_TOKEN');
    expect(run.stdout).toMatch(/Exit codes: 0 .*1 .*2 .*3 /);
  });

  it('exits 2 on a usage error, with a hint rather than a page of help', async () => {
    const run = await synd(['articles', 'list', '--limit', '0']);
    expect(run.code).toBe(2);
    const [first, hint, ...rest] = run.stderr.trim().split('\n');
    expect(first).toMatch(/^synd: option '--limit <n>' argument '0' is invalid/);
    expect(hint).toBe('  (add --help for usage and examples)');
    expect(rest).toEqual([]);
    expect(run.stdout).toBe('');
  });
});
