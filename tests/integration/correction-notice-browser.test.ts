import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderArticlePage } from '../../shared/render/article-page';
import { SiteUrls } from '../../shared/render/site-urls';
import { SITE_ICON, SITE_STYLESHEET } from '../../shared/render/stylesheet';
import { plainText } from '../../shared/text/markup';
import { launchChromium } from '../support/chromium';
import { sampleArticle } from '../support/sample-article';

const BASE = 'https://news.example/';
const urls = new SiteUrls(BASE);
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const PHONE = { width: 360, height: 740 };

/** The seed-like Arabic article, corrected twice, with a long reason that must wrap on a phone. */
const article = {
  ...sampleArticle(),
  editorial: {
    held: {},
    partner: {},
    corrections: [
      {
        at: '2024-11-28T08:15:00Z',
        reason: plainText('صُحّح اسم الكاتب، وكان قد ورد خطأً في النسخة الأولى من هذا المقال المنشور.'),
        fields: ['authors' as const],
        revision: 3,
        editor: 'editor-1',
      },
      {
        at: '2024-11-29T16:40:00Z',
        reason: plainText('The headline misnamed the ministry.'),
        fields: ['title' as const],
        revision: 4,
        editor: 'editor-1',
      },
    ],
  },
};

/** A number the page computes, evaluated as source text (no DOM types needed here). */
function measure(page: Page, expression: string): Promise<number> {
  return page.evaluate(expression) as Promise<number>;
}

describe('the correction notice in Chromium, on a phone', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('is laid out on the first screen, right to left, with the site stylesheet, and overflows nothing', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    // The page as the site serves it: its stylesheet and icon from the site's own addresses.
    await page.route(`${BASE}**`, (route) => {
      const url = route.request().url();
      if (url === urls.stylesheet().url)
        return route.fulfill({ contentType: 'text/css', body: SITE_STYLESHEET });
      if (url === urls.favicon().url) return route.fulfill({ contentType: 'image/svg+xml', body: SITE_ICON });
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: renderArticlePage({
          article,
          neighbours: { previous: undefined, next: undefined },
          agreement: { canonical: 'self', robots: 'index' },
          urls,
          site: { title: 'News', description: 'Syndicated articles.', language: 'en' },
        }),
      });
    });
    await page.goto(urls.articlePage(article.slug).url, { waitUntil: 'load' });

    const notice = page.locator('aside.correction');
    await expect(notice.isVisible()).resolves.toBe(true);
    const box = await notice.boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(box?.height).toBeGreaterThan(0);
    // Where a reader meets it: it begins within the first screen.
    expect(box?.y).toBeLessThan(PHONE.height);
    await expect(notice.locator('h2').textContent()).resolves.toBe('تصحيحات');
    await expect(notice.locator('li').count()).resolves.toBe(2);

    // Right to left: the stylesheet's border-inline-start is drawn on the right.
    const rightBorder = await page.evaluate(
      `getComputedStyle(document.querySelector('aside.correction')).borderRightWidth`,
    );
    expect(rightBorder).toBe('4px');
    // The long reason wraps inside the phone's width: nothing scrolls sideways.
    await expect(measure(page, 'document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(
      PHONE.width,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('correction-notice-phone.png', ARTIFACTS).pathname });
    await page.close();
  });
});
