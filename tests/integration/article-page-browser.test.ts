import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { englishArticle, fixture } from '../support/fixtures';
import { TestPipeline } from '../support/test-pipeline';

const SEED_PAGE = '/articles/2024-11-russia-taliban-rapprochement.html';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** A computed style, evaluated in the page (as source text, so no DOM types are needed here). */
function computedStyle(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`,
  );
}

describe('the seed article in a real browser', () => {
  let stack: TestPipeline;
  let browser: Browser;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    // An older and a newer article around the seed, so it has both navigation links.
    await stack.deliver(
      englishArticle({ externalId: 'older', title: 'An older story', publishedAt: '2024-11-26T09:00:00Z' }),
    );
    await stack.deliver(fixture('webhook-article-text.json'));
    await stack.deliver(
      englishArticle({ externalId: 'newer', title: 'A newer story', publishedAt: '2024-11-28T09:00:00Z' }),
    );
    await stack.waitUntilPublished();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('reads right to left, shows the attribution and both links, and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });

    const response = await page.goto(`${stack.url}${SEED_PAGE}`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);

    const direction = await computedStyle(page, 'article', 'direction');
    expect(direction).toBe('rtl');
    await expect(page.locator('.attribution').isVisible()).resolves.toBe(true);
    await expect(page.locator('.attribution').textContent()).resolves.toContain(
      'Interregional for Strategic Analyses',
    );
    const previous = page.locator('.article-nav a[rel="prev"]');
    const next = page.locator('.article-nav a[rel="next"]');
    await expect(previous.isVisible()).resolves.toBe(true);
    await expect(next.isVisible()).resolves.toBe(true);
    await expect(previous.textContent()).resolves.toContain('An older story');
    await expect(next.textContent()).resolves.toContain('A newer story');
    const stylesheetApplied = await computedStyle(page, '.attribution', 'border-inline-start-width');
    expect(stylesheetApplied).toBe('4px');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('seed-article.png', ARTIFACTS).pathname, fullPage: false });
    expect(problems).toEqual([]);
  });

  it('follows the previous link to a page that links back', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}${SEED_PAGE}`);
    await page.locator('.article-nav a[rel="prev"]').click();
    await page.waitForURL(/older-story|an-older-story/);
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await expect(page.locator('.article-nav a[rel="next"]').getAttribute('href')).resolves.toBe(
      `${stack.url}${SEED_PAGE}`,
    );
  });
});
