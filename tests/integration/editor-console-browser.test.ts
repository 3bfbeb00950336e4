import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { englishArticle, fixture } from '../support/fixtures';
import { OTHER_SECRET } from '../support/test-partners';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const ARABIC = fixture('webhook-article-text.json');
const ARABIC_TITLE = ARABIC.data.title as string;
const CORRECTED_TITLE = 'كيف تزايدت مظاهر التقارب بين روسيا وحركة طالبان؟';
const CORRECTION_REASON = 'The headline overstated the rapprochement.';
const ARABIC_LINK = '.article-card h3 a[lang="ar"]';

/** A page of the console with everything that went wrong in it recorded: errors, CSP refusals, failed loads. */
async function consolePage(
  browser: Browser,
  viewport = { width: 1000, height: 900 },
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return { page, problems };
}

/** Signs in through the console's own form. */
async function signIn(page: Page, url: string, token = TEST_EDITOR_TOKEN): Promise<void> {
  await page.goto(`${url}/editor/`);
  await page.getByLabel('Editor token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** How far the document is wider than the viewport, in CSS pixels. */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

describe('the editor console in a real browser', () => {
  let stack: TestPipeline;
  let browser: Browser;
  let arabicPage: string;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const seeded = await stack.deliver(ARABIC);
    expect(seeded.status).toBe(202);
    arabicPage = new URL((seeded.json as { url: string }).url).pathname;
    await stack.deliver(englishArticle({ externalId: 'en-older', publishedAt: '2024-11-26T09:00:00Z' }));
    await stack.deliver(
      englishArticle({
        externalId: 'other-1',
        title: 'Harbour reopens after the storm',
        url: 'https://other.example/news/other-1',
      }),
      { partnerId: 'other-outlet', secret: OTHER_SECRET },
    );
    await stack.waitUntilPublished();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('is served from the site at /editor/ with a strict content security policy and no inline script', async () => {
    const answer = await stack.request('GET', '/editor/');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const { page } = await consolePage(browser);
    await page.goto(`${stack.url}/editor/`);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    const inlineScripts = await page.locator('script:not([src])').count();
    expect(inlineScripts).toBe(0);
    await page.close();
  });

  it('refuses a wrong token in words and stays on the sign-in form', async () => {
    const { page } = await consolePage(browser);
    await signIn(page, stack.url, 'not-the-editor-token-at-all');
    const error = page.locator('#sign-in-error');
    await expect.poll(() => error.textContent()).toMatch(/not accepted/);
    expect(await error.textContent()).not.toMatch(/\b401\b/);
    expect(await page.getByLabel('Editor token').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#nav').isHidden()).toBe(true);
    await page.close();
  });

  it('returns to sign-in with a message when the API stops accepting the token, and forgets it on sign-out', async () => {
    const { page } = await consolePage(browser);
    await signIn(page, stack.url);
    await page.locator('.article-card').first().waitFor();
    // As after a restart of npm start with a new token: the kept token is refused from now on.
    await page.evaluate("sessionStorage.setItem('syndication-editor-token', 'a-token-from-an-earlier-run')");
    await page.reload();
    await page.getByLabel('Editor token').waitFor();
    expect(await page.locator('main .notice').textContent()).toMatch(/no longer accepts your sign-in/);
    expect(await sessionToken(page)).toBeNull();

    await signIn(page, stack.url);
    await page.locator('.article-card').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Editor token').waitFor();
    expect(await sessionToken(page)).toBeNull();
    await page.close();
  });

  describe('an editor’s session', () => {
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      ({ page, problems } = await consolePage(browser));
      await signIn(page, stack.url);
    });

    afterAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('editor-console.png', ARTIFACTS).pathname, fullPage: true });
      await page.close();
    });

    it('lists every article with its state and attribution, the Arabic title right to left', async () => {
      await page.locator('.article-card').nth(2).waitFor();
      expect(await page.locator('.article-card').count()).toBe(3);
      const title = page.locator(ARABIC_LINK);
      expect(await title.textContent()).toBe(ARABIC_TITLE);
      expect(await direction(page, ARABIC_LINK)).toBe('rtl');
      const card = page.locator('.article-card', { has: page.locator('h3 a[lang="ar"]') });
      const facts = (await card.locator('dd').allTextContents()).join(' | ');
      expect(facts).toContain('Published');
      expect(facts).toContain('Interregional for Strategic Analyses');
      expect(facts).toContain('شبكة المدار الإعلامية الأوروبية');
      expect(await sessionToken(page)).toBe(TEST_EDITOR_TOKEN);
    });

    it('filters by language and by partner', async () => {
      await page.getByLabel('Language').fill('ar');
      await page.getByRole('button', { name: 'Show articles' }).click();
      await expect.poll(() => page.locator('.article-card').count()).toBe(1);
      expect(await page.locator('.article-card h3').textContent()).toBe(ARABIC_TITLE);
      expect(page.url()).toContain('language=ar');

      await page.getByLabel('Language').fill('');
      await page.getByLabel('Partner').fill('other-outlet');
      await page.getByRole('button', { name: 'Show articles' }).click();
      await expect
        .poll(() => page.locator('.article-card h3').allTextContents())
        .toEqual(['Harbour reopens after the storm']);

      await page.getByLabel('Partner').fill('almadar');
      await page.getByRole('button', { name: 'Show articles' }).click();
      await expect.poll(() => page.locator('.article-card').count()).toBe(2);
    });

    it('opens the article with its attribution and history', async () => {
      await page.locator(ARABIC_LINK).click();
      const heading = page.locator('h1.article-title');
      await heading.waitFor();
      expect(await heading.textContent()).toBe(ARABIC_TITLE);
      expect(await direction(page, 'h1.article-title')).toBe('rtl');
      expect(await page.locator('#article-state').textContent()).toBe('Published');
      expect(await page.locator('section[aria-labelledby="revisions-heading"] li').count()).toBe(1);
      expect(await page.locator('section[aria-labelledby="attribution-heading"]').textContent()).toContain(
        'Interregional for Strategic Analyses',
      );
    });

    it('shows each field error beside its field, in words, without sending a correction that has no reason', async () => {
      await page.getByLabel('Title', { exact: true }).fill(CORRECTED_TITLE);
      await page.getByRole('button', { name: 'Save the correction' }).click();
      expect(await page.locator('#correct-reason-error').textContent()).toMatch(/Give a reason/);
      expect(await page.getByLabel('Reason for the correction').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#article-state').textContent()).toBe('Published');
    });

    it('corrects the title with a reason: the public page shows the new title and a correction notice', async () => {
      await page.getByLabel('Reason for the correction').fill(CORRECTION_REASON);
      await page.getByRole('button', { name: 'Save the correction' }).click();
      await page
        .locator('#article-status', { hasText: 'The correction is live.' })
        .waitFor({ timeout: 30_000 });
      expect(await page.locator('#article-state').textContent()).toBe('Published');
      expect(await page.locator('h1.article-title').textContent()).toBe(CORRECTED_TITLE);
      expect(await page.locator('section[aria-labelledby="corrections-heading"] li').textContent()).toContain(
        CORRECTION_REASON,
      );

      // The reader's view, in the same browser.
      const reader = await browser.newPage();
      const response = await reader.goto(`${stack.url}${arabicPage}`);
      expect(response?.status()).toBe(200);
      expect((await reader.locator('h1').first().textContent())?.trim()).toBe(CORRECTED_TITLE);
      const notice = reader.locator('aside.correction');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.locator('.reason').allTextContents()).toEqual([CORRECTION_REASON]);
      await reader.close();
    });

    it('unpublishes with a confirmed reason: the page then answers 410', async () => {
      await page.getByRole('button', { name: 'Unpublish…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason for the takedown (required)').fill('A court ordered it taken down.');
      await dialog.getByRole('button', { name: 'Unpublish', exact: true }).click();
      await page.locator('#article-state', { hasText: 'Taken down' }).waitFor({ timeout: 30_000 });
      expect(await page.locator('section[aria-labelledby="takedowns-heading"] li').textContent()).toContain(
        'A court ordered it taken down.',
      );
      expect((await stack.request('GET', arabicPage)).status).toBe(410);
    });

    it('republishes the whole site with a progress bar that reaches done', async () => {
      await page.getByRole('link', { name: 'Republish the site' }).click();
      await page.getByLabel('Everything').check();
      await page.getByRole('button', { name: 'Start republishing' }).click();
      await page.locator('.done').waitFor({ timeout: 60_000 });
      const [value, max] = await onElement<[number, number]>(
        page,
        '#job-progress',
        '[element.value, element.max]',
      );
      expect(max).toBeGreaterThan(0);
      expect(value).toBe(max);
      expect(await page.locator('#job-count').textContent()).toMatch(/^(\d+) of \1 objects rebuilt$/);
    });

    it('logged no error, no refused resource and no CSP violation on the way', () => {
      expect(problems).toEqual([]);
    });
  });

  it('fits a phone: no horizontal scrolling at 360 px on the list, an article and the republish form', async () => {
    const { page } = await consolePage(browser, { width: 360, height: 740 });
    await signIn(page, stack.url);
    await page.locator('.article-card').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.locator(ARABIC_LINK).click();
    await page.locator('#correct-title').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('link', { name: 'Republish the site' }).click();
    await page.getByRole('button', { name: 'Start republishing' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('editor-console-phone.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });

  it('is operable by keyboard alone, with visible focus, from sign-in to the correction form', async () => {
    const { page } = await consolePage(browser);
    await page.goto(`${stack.url}/editor/`);
    await page.getByLabel('Editor token').waitFor();
    await tabTo(page, "element.id === 'token'");
    await page.keyboard.type(TEST_EDITOR_TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('.article-card').first().waitFor();
    await tabTo(page, `element.matches(${JSON.stringify(ARABIC_LINK)})`);
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.locator('h1.article-title').waitFor();
    await tabTo(page, "element.textContent === 'Correct…'");
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('correct-title');
    expect(await focusOutline(page)).not.toBe('none');
    await page.close();
  });
});

/**
 * Evaluates an expression of `element`, the first match of a CSS selector, in the page (as source
 * text, so no DOM types are needed here).
 */
function onElement<T>(page: Page, selector: string, expression: string): Promise<T> {
  return page.evaluate(`((element) => (${expression}))(document.querySelector(${JSON.stringify(selector)}))`);
}

/** The direction the browser lays an element out in. */
function direction(page: Page, selector: string): Promise<string> {
  return onElement(page, selector, 'getComputedStyle(element).direction');
}

/** The token the console keeps for the tab. */
function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate("sessionStorage.getItem('syndication-editor-token')");
}

/** The focused element's outline style, as the browser draws it. */
function focusOutline(page: Page): Promise<string> {
  return page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
}

/**
 * Presses Tab until the focused element (`element` in the expression) is the one wanted; fails if
 * it never is.
 */
async function tabTo(page: Page, isWanted: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate(`((element) => Boolean(element && (${isWanted})))(document.activeElement)`))
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`the focus never reached the element where ${isWanted} in ${limit} presses of Tab`);
}
