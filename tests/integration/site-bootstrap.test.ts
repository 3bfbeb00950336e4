import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import type { FeedScope } from '../../shared/domain/feed-scope';
import { bootstrapSite } from '../../shared/publish/bootstrap-site';
import { publishChanges } from '../../shared/publish/publish-changes';
import { type FeedFormat, SiteUrls } from '../../shared/render/site-urls';
import { launchChromium } from '../support/chromium';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { startTestContext, storeArticle } from '../support/test-context';
import { ALMADAR_SECRET, BACKFILL, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

/** A registry that names languages: their feeds must exist before any article in them. */
function registryWithLanguages(): PartnerRegistry {
  return PartnerRegistry.parse({
    partners: [
      {
        id: 'almadar',
        name: 'شبكة المدار الإعلامية الأوروبية',
        homepage: 'https://almadar.example/',
        secrets: [ALMADAR_SECRET],
        // Written loosely on purpose: the registry stores the canonical shortest tags, `ar` and `en`.
        languages: ['arb', 'EN'],
        dateWindow: BACKFILL,
      },
      { id: 'other-outlet', name: 'Other Outlet', secrets: [OTHER_SECRET], languages: ['fr'] },
    ],
  });
}

const REGISTRY_SCOPES: FeedScope[] = [
  { kind: 'site' },
  { kind: 'partner', partnerId: 'almadar' },
  { kind: 'partner', partnerId: 'other-outlet' },
  { kind: 'language', language: 'ar' },
  { kind: 'language', language: 'en' },
  { kind: 'language', language: 'fr' },
];
const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];
const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('a fresh site, before its first article', () => {
  let stack: TestPipeline;
  let urls: SiteUrls;

  beforeAll(async () => {
    stack = await TestPipeline.start({ partners: registryWithLanguages() });
    urls = new SiteUrls(stack.url);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 200 for the index, 404.html, favicon.ico and every feed the registry names', async () => {
    const expected: [string, string][] = [
      [urls.home().url, 'text/html; charset=utf-8'],
      [urls.notFoundPage().url, 'text/html; charset=utf-8'],
      [urls.faviconIco().url, 'image/x-icon'],
      [urls.stylesheet().url, 'text/css; charset=utf-8'],
      ...REGISTRY_SCOPES.flatMap((scope) =>
        FORMATS.map((format): [string, string] => [urls.feed(scope, format).url, FEED_TYPES[format]]),
      ),
    ];
    const answers = await Promise.all(expected.map(async ([url]) => [url, await get(url)] as const));
    expect(answers.map(([url, answer]) => [url, answer.status, answer.type])).toEqual(
      expected.map(([url, type]) => [url, 200, type]),
    );
  });

  it('publishes every feed empty, and Universal Feed Parser reads each without complaint', async () => {
    for (const scope of REGISTRY_SCOPES) {
      for (const format of ['rss', 'atom'] as const) {
        const parsed = parseWithFeedparser((await get(urls.feed(scope, format).url)).body);
        expect(parsed, `${format} of ${JSON.stringify(scope)}`).toMatchObject({
          bozo: false,
          version: format === 'rss' ? 'rss20' : 'atom10',
          titles: [],
        });
      }
      const json = JSON.parse((await get(urls.feed(scope, 'json').url)).body);
      expect(json).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', items: [] });
      expect(json.feed_url).toBe(urls.feed(scope, 'json').url);
    }
  });

  it('titles language feeds by the language’s name in the site’s language, and the index lists them', async () => {
    const title = async (language: string) =>
      JSON.parse((await get(urls.feed({ kind: 'language', language }, 'json').url)).body).title;
    expect([await title('ar'), await title('en'), await title('fr')]).toEqual([
      'Test site: Arabic',
      'Test site: English',
      'Test site: French',
    ]);

    const index = new HtmlDocument((await get(urls.home().url)).body);
    for (const scope of REGISTRY_SCOPES) {
      for (const format of FORMATS) expect(index.hrefs()).toContain(urls.feed(scope, format).url);
    }
    expect(index.texts('a')).toContain('Test site: Arabic · RSS');
    expect(index.texts('a').join('\n')).not.toMatch(/\((ar|en|fr)\)/);
  });

  it('has a 404 page in the site’s look and language, not indexed, with a link home', async () => {
    const page = new HtmlDocument((await get(urls.notFoundPage().url)).body);
    expect(page.attribute('html', 'lang')).toBe('en');
    expect(page.attribute('link', 'href', (link) => link.attribs.rel === 'stylesheet')).toBe(
      urls.stylesheet().url,
    );
    expect(page.attribute('meta', 'content', (meta) => meta.attribs.name === 'robots')).toMatch(/noindex/);
    expect(page.texts('h1')).toEqual(['Page not found']);
    expect(page.hrefs()).toContain(urls.home().url);
  });

  it('serves a favicon.ico that a browser decodes as the 32×32 site icon', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      await page.goto(urls.notFoundPage().url);
      const drawn = (await page.evaluate(`(async () => {
        const image = new Image();
        image.src = ${JSON.stringify(urls.faviconIco().url)};
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const pixel = (x, y) => Array.from(context.getImageData(x, y, 1, 1).data);
        return {
          width: image.naturalWidth,
          height: image.naturalHeight,
          corner: pixel(0, 0),
          background: pixel(28, 4),
          ring: pixel(17, 14),
          dot: pixel(6, 22),
        };
      })()`)) as Record<string, number | number[]>;
      expect(drawn).toEqual({
        width: 32,
        height: 32,
        // Outside the rounded square: transparent.
        corner: [0, 0, 0, 0],
        // The accent blue of the SVG, #0b57d0, and its white feed glyph.
        background: [0x0b, 0x57, 0xd0, 255],
        ring: [255, 255, 255, 255],
        dot: [255, 255, 255, 255],
      });
    } finally {
      await browser?.close();
    }
  });

  it('writes nothing when it runs again', async () => {
    const again = await bootstrapSite(stack.pipeline.context);
    expect(again.written).toEqual([]);
    // Every feed in three formats, the index, the six pieces of furniture (robots.txt and the pages
    // sitemap among them), the sitemap index and the news sitemap: all found up to date.
    expect(again.unchanged).toBe(REGISTRY_SCOPES.length * FORMATS.length + 1 + 6 + 2);
    expect(again.feeds).toEqual(expect.arrayContaining(['site', 'partner#almadar', 'language#fr']));
  });

  it('after an article is published, renders the same site again: the article stays in its feeds', async () => {
    const answer = await stack.deliver(
      englishArticle({ externalId: 'bootstrap-1', title: 'Harbour reopens' }),
    );
    expect(answer.status).toBe(202);
    await stack.waitUntilPublished();

    const again = await bootstrapSite(stack.pipeline.context);
    expect(again.written).toEqual([]);
    for (const scope of [{ kind: 'site' }, { kind: 'language', language: 'en' }] as FeedScope[]) {
      for (const format of ['rss', 'atom'] as const) {
        const parsed = parseWithFeedparser((await get(urls.feed(scope, format).url)).body);
        expect(parsed.titles, `${format} of ${JSON.stringify(scope)}`).toEqual(['Harbour reopens']);
      }
    }
    // Another language's feed stays empty.
    expect(
      JSON.parse((await get(urls.feed({ kind: 'language', language: 'fr' }, 'json').url)).body).items,
    ).toEqual([]);
  });
});

describe('a taken-down article', () => {
  let stack: TestPipeline;
  let pageKey: string;
  let dataKey: string;
  const externalId = 'takedown-1';
  const title = 'Minister resigns over procurement inquiry';

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const answer = await stack.deliver(englishArticle({ externalId, title }));
    expect(answer.status).toBe(202);
    await stack.waitUntilPublished();
    pageKey = new URL((answer.json as { url: string }).url).pathname.slice(1);
    dataKey = pageKey.replace(/\.html$/, '.json');
    expect(await stack.objectKeys()).toEqual(expect.arrayContaining([pageKey, dataKey]));

    const deleted = await stack.deliver({
      type: 'article.deleted',
      timestamp: '2024-11-29T10:00:00Z',
      data: { externalId },
    });
    expect(deleted.status).toBe(202);
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves a "removed" page at its address, marked to be served 410, and deletes its data', async () => {
    const stored = await stack.object(pageKey);
    expect(stored.metadata['http-status']).toBe('410');
    expect(stored.contentType).toBe('text/html; charset=utf-8');
    expect(await stack.objectKeys()).not.toContain(dataKey);

    const page = new HtmlDocument(stored.body);
    expect(page.texts('h1')).toEqual(['This article has been removed']);
    expect(page.attribute('meta', 'content', (meta) => meta.attribs.name === 'robots')).toMatch(/noindex/);
    expect(page.hrefs()).toContain(new SiteUrls(stack.url).home().url);
    // Nothing of the article: not its title, not its body, not its author.
    expect(page.text()).not.toContain(title);
    expect(page.text()).not.toContain('Negotiators met');
    expect(page.text()).not.toContain('Jane Doe');
  });

  it('brings the real page back, served 200, when the article is published again', async () => {
    const back = await stack.deliver({
      ...englishArticle({ externalId, title, updatedAt: '2024-11-30T10:00:00Z' }),
      timestamp: '2024-11-30T10:00:00Z',
    });
    expect(back.status).toBe(202);
    await stack.waitUntilPublished();

    const stored = await stack.object(pageKey);
    expect(stored.metadata['http-status']).toBeUndefined();
    expect(new HtmlDocument(stored.body).texts('h1')).toEqual([title]);
    expect(JSON.parse((await stack.object(dataKey)).body).title).toBe(title);
  });
});

describe('the bootstrap beside a publisher', () => {
  it('waits for the publish lease and then renders what the table holds, never an older view', async () => {
    const run = await startTestContext();
    try {
      const { context } = run;
      const earlier = await storeArticle(context, 1, '2024-01-01T00:00:00Z');
      await publishChanges([{ articleId: earlier.articleId }], context);

      // Another publisher holds the lease.
      expect(await context.lock.acquire('another-publisher', 60_000)).toBe(true);
      let refused!: () => void;
      const wasRefused = new Promise<void>((resolve) => {
        refused = resolve;
      });
      const bootstrap = bootstrapSite({
        ...context,
        lock: {
          acquire: async (owner, ttlMs) => {
            const taken = await context.lock.acquire(owner, ttlMs);
            if (!taken) refused();
            return taken;
          },
          release: (owner) => context.lock.release(owner),
        },
      });
      await wasRefused;

      // While the bootstrap waits, the holder stores a newer article, then lets go without publishing it.
      await storeArticle(context, 2, '2024-01-02T00:00:00Z');
      await context.lock.release('another-publisher');
      await bootstrap;

      const feed = JSON.parse(await run.read('feeds/feed.json'));
      expect(feed.items.map((item: { title: string }) => item.title)).toEqual(['Article 2', 'Article 1']);
    } finally {
      await run.stop();
    }
  });
});
