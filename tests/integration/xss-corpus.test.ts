import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { unsafeParts } from '../support/executable-html';
import { parseAllWithFeedparser } from '../support/feedparser';
import { type Answer, TestPipeline } from '../support/test-pipeline';
import { PARSER_BLIND, XSS_VECTORS } from '../support/xss-vectors';

/** The text fields a vector goes into in its second article; contentHtml has an article of its own. */
const TEXT_FIELDS = ['title', 'summary', 'author', 'categories', 'contentText'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** What replaces a field the webhook refuses a vector in, so the vector still goes through the others. */
const PLAIN: Record<TextField, (index: number) => unknown> = {
  title: (index) => `Text vector ${index}`,
  summary: () => undefined,
  author: () => undefined,
  categories: () => undefined,
  contentText: () => 'Body.',
};

/** Runs `work` on every item, ten at a time: deliveries in parallel, as partners send them. */
async function inBatches<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>) {
  for (let start = 0; start < items.length; start += 10)
    await Promise.all(items.slice(start, start + 10).map((item, offset) => work(item, start + offset)));
}

/** Every published object's key. */
async function allKeys(stack: TestPipeline): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.pipeline.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.bucketName, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Every string of a JSON document whose member name says it holds HTML, with where it is. */
function htmlMembers(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => htmlMembers(item, `${path}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, member]) =>
    typeof member === 'string' && /html/i.test(name)
      ? [[`${path}/${name}`, member] as [string, string]]
      : htmlMembers(member, `${path}/${name}`),
  );
}

/**
 * Everything unsafe in every page, feed and document the site publishes, by object key: pages
 * parsed as HTML, feeds read by Universal Feed Parser and their HTML parsed, JSON documents' HTML
 * members parsed. Also how many of each were judged, so an empty answer cannot mean "none read".
 */
async function unsafeObjects(stack: TestPipeline) {
  const found: Record<string, string[]> = {};
  const judged = { pages: 0, feeds: 0, feedHtml: 0, jsonHtml: 0 };
  const note = (key: string, parts: string[]) => {
    if (parts.length > 0) found[key] = [...(found[key] ?? []), ...parts];
  };
  const keys = await allKeys(stack);
  const feedKeys = keys.filter((key) => key.endsWith('.xml') && key.includes('feeds/'));
  const feeds = parseAllWithFeedparser(
    await Promise.all(feedKeys.map(async (key) => (await stack.object(key)).body)),
  );
  for (const [index, feed] of feeds.entries()) {
    judged.feeds++;
    const key = feedKeys[index] as string;
    for (const entry of feed.entries)
      for (const text of [entry.title, entry.summary, ...entry.content]) {
        if (text?.type !== 'text/html') continue;
        judged.feedHtml++;
        note(key, unsafeParts(text.value));
      }
  }
  for (const key of keys) {
    // The editor console's shell runs its own module and holds no partner text: the browser fills it from the API.
    if (key.startsWith('editor/')) continue;
    if (key.endsWith('.html')) {
      judged.pages++;
      note(key, unsafeParts((await stack.object(key)).body));
    } else if (key.endsWith('.json')) {
      for (const [path, html] of htmlMembers(JSON.parse((await stack.object(key)).body))) {
        judged.jsonHtml++;
        note(`${key}#${path}`, unsafeParts(html));
      }
    }
  }
  return { found, judged };
}

describe('an XSS corpus through every field a partner writes (issue 12)', () => {
  let stack: TestPipeline;
  let browser: Browser;
  let publishedAt = 0;
  /** Each accepted article's page, with the vector in it. */
  const pages: { vector: string; path: string }[] = [];
  /** Per field, how many vectors the webhook accepted in it (the rest were refused with a 422). */
  const accepted: Record<string, number> = {};

  beforeAll(async () => {
    stack = await TestPipeline.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function deliver(data: Record<string, unknown>): Promise<Answer> {
    publishedAt++;
    return stack.deliver(
      {
        type: 'article.published',
        timestamp: new Date().toISOString(),
        data: {
          ...data,
          language: 'en',
          publishedAt: new Date(Date.UTC(2024, 10, 1, 0, publishedAt)).toISOString(),
        },
      },
      {},
    );
  }

  it(`has a corpus of at least 40 vectors (${XSS_VECTORS.length})`, () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
  });

  it('has a checker that sees the danger in each vector as sent, but where only a browser can judge', () => {
    const unseen = XSS_VECTORS.filter((vector) => unsafeParts(vector.html).length === 0);
    expect(unseen.map((vector) => vector.name).sort()).toEqual(Object.keys(PARSER_BLIND).sort());
  });

  it('publishes nothing executable from contentHtml, on any page or in any feed', async () => {
    await inBatches(XSS_VECTORS, async (vector, index) => {
      const externalId = `html-${index}`;
      const answer = await deliver({
        externalId,
        url: `https://almadar.example/xss/${externalId}`,
        title: `HTML vector ${index}`,
        contentHtml: `<p>Vector ${index}, ${vector.name}, in a paragraph of its own.</p>${vector.html}<p>The end of vector ${index}.</p>`,
      });
      expect([202, 422], `${vector.name}: ${answer.text}`).toContain(answer.status);
      if (answer.status === 202) {
        accepted.contentHtml = (accepted.contentHtml ?? 0) + 1;
        pages.push({ vector: vector.name, path: new URL((answer.json as { url: string }).url).pathname });
      }
    });
    await stack.waitUntilPublished(60_000);
    const { found, judged } = await unsafeObjects(stack);
    expect(found).toEqual({});
    expect(accepted.contentHtml).toBeGreaterThan(XSS_VECTORS.length / 2);
    expect(judged.feedHtml).toBeGreaterThan(XSS_VECTORS.length);
  }, 90_000);

  it('publishes nothing executable from title, summary, author, category or contentText', async () => {
    await inBatches(XSS_VECTORS, async (vector, index) => {
      const externalId = `text-${index}`;
      const data: Record<string, unknown> = {
        externalId,
        url: `https://almadar.example/xss/${externalId}`,
        title: vector.html,
        summary: vector.html,
        author: vector.html,
        categories: [vector.html],
        contentText: vector.html,
      };
      let answer = await deliver(data);
      if (answer.status === 422) {
        // Each field the webhook refuses the vector in gets a plain value; the vector goes on in the rest.
        const refused = (answer.json as { errors: { pointer: string }[] }).errors.map((error) =>
          error.pointer.replace(/^\/data\/([a-zA-Z]+).*$/, '$1'),
        );
        for (const field of refused) {
          expect(TEXT_FIELDS, `${vector.name}: ${answer.text}`).toContain(field);
          data[field] = PLAIN[field as TextField](index);
        }
        answer = await deliver(data);
      }
      expect(answer.status, `${vector.name}: ${answer.text}`).toBe(202);
      for (const field of TEXT_FIELDS)
        if (JSON.stringify(data[field])?.includes(JSON.stringify(vector.html).slice(1, -1)))
          accepted[field] = (accepted[field] ?? 0) + 1;
      pages.push({ vector: vector.name, path: new URL((answer.json as { url: string }).url).pathname });
    });
    await stack.waitUntilPublished(60_000);
    const { found, judged } = await unsafeObjects(stack);
    expect(found).toEqual({});
    expect(judged.pages).toBeGreaterThan(2 * XSS_VECTORS.length);
    // The text fields that take any text took every vector: the corpus reached the renderer.
    expect(accepted.contentText).toBe(XSS_VECTORS.length);
  }, 90_000);

  it('runs nothing and calls nowhere in Chromium, for a sample of the pages', async () => {
    // Every fifth page, and every page of a vector only a browser can judge.
    const sample = [
      '/',
      ...pages
        .filter((page, index) => index % 5 === 0 || page.vector in PARSER_BLIND)
        .map((page) => page.path),
    ];
    expect(sample.length).toBeGreaterThan(XSS_VECTORS.length / 2);
    const context = await browser.newContext();
    const fired: string[] = [];
    await context.exposeFunction('__xssFired', (what: string) => fired.push(what));
    // Anything a vector would call, recorded instead of run.
    await context.addInitScript(`
      for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        window[name] = (...args) => window.__xssFired(name + '(' + args.join(',') + ') on ' + location.pathname);
      }
    `);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === stack.url) return route.continue();
      // An image of the partner's own site, where the cleaning resolves the body's relative URLs, is content.
      if (route.request().resourceType() === 'image' && url.origin === 'https://almadar.example')
        return route.abort();
      fired.push(`${route.request().resourceType()} request to ${url.href}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      fired.push(`dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) =>
      fired.push(`console.${message.type()}: ${message.text()} on ${page.url()}`),
    );
    page.on('pageerror', (error) => fired.push(`page error: ${error.message} on ${page.url()}`));
    try {
      for (const path of sample) {
        const response = await page.goto(`${stack.url}${path}`, { waitUntil: 'load' });
        expect(response?.status(), path).toBe(200);
        // Handlers that need a pointer: move over every link, image and control of the article.
        for (const element of await page
          .locator('article :is(a, img, button, svg, math, details, video)')
          .all())
          await element.hover({ timeout: 200, force: true }).catch(() => undefined);
      }
    } finally {
      await context.close();
    }
    // Relative images of the vectors ("x") fail to load on our own origin; that is not a beacon.
    expect(fired.filter((what) => !/console\.error: Failed to load resource/.test(what))).toEqual([]);
  }, 90_000);
});
