import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleContentSecurityPolicy,
  DATA_CONTENT_SECURITY_POLICY,
  PAGE_CONTENT_SECURITY_POLICY,
} from '../../infra/constructs/content-security-policies';
import { launchChromium } from '../support/chromium';
import { englishArticle, fixture } from '../support/fixtures';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

/** The console's policy as shipped with a Cognito sign-in: one more origin for `connect-src`. */
const CONSOLE_POLICY = consoleContentSecurityPolicy(['https://editors.auth.eu-west-1.amazoncognito.com']);

/** The policy the CDN sends for a path, by the distribution's behaviours (infra/constructs/site-cdn.ts). */
function shippedPolicyFor(pathname: string): string {
  if (pathname === '/editor' || pathname.startsWith('/editor/')) return CONSOLE_POLICY;
  if (pathname.startsWith('/v1/') || pathname.startsWith('/feeds/') || pathname.endsWith('.json')) {
    return DATA_CONTENT_SECURITY_POLICY;
  }
  return PAGE_CONTENT_SECURITY_POLICY;
}

/** A 1×1 transparent GIF: what a partner's image host answers, so nothing leaves the machine. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

interface Visit {
  page: Page;
  /** Every CSP violation the page reported, as `directive blocked-uri`. */
  violations: () => Promise<string[]>;
  /** Off-site addresses the page fetched. */
  offSite: string[];
}

describe('the CDN’s content security policies in Chromium', () => {
  let stack: TestPipeline;
  let browser: Browser;
  let htmlArticlePage: string;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    const html = await stack.deliver(fixture('webhook-article-html.json'));
    expect(html.status).toBe(202);
    htmlArticlePage = new URL((html.json as { url: string }).url).pathname;
    await stack.deliver(englishArticle());
    await stack.waitUntilPublished();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /**
   * A page whose same-origin responses carry the header the CDN would add (`policyFor`), with every
   * `securitypolicyviolation` event recorded from before the first script runs.
   */
  async function visit(policyFor: (pathname: string) => string = shippedPolicyFor): Promise<Visit> {
    const page = await browser.newPage();
    const offSite: string[] = [];
    const consoleReports: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) consoleReports.push(message.text());
    });
    await page.addInitScript(`
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__violations.push(event.effectiveDirective + ' ' + event.blockedURI);
      });
    `);
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== new URL(stack.url).origin) {
        offSite.push(url.href);
        return route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL });
      }
      const response = await route.fetch();
      return route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': policyFor(url.pathname) },
      });
    });
    const violations = async () => {
      await page.waitForLoadState('networkidle');
      const events = (await page.evaluate('window.__violations')) as string[];
      return [...events, ...consoleReports];
    };
    return { page, violations, offSite };
  }

  it('loads the index with its stylesheet and icon, and no violation', async () => {
    const { page, violations } = await visit();
    const answer = await page.goto(`${stack.url}/`);
    expect(answer?.status()).toBe(200);
    // The site stylesheet applied: it sets the body's margin to 0 (a browser's default is 8px).
    await expect(page.evaluate('getComputedStyle(document.body).marginTop')).resolves.toBe('0px');
    await expect(violations()).resolves.toEqual([]);
  });

  it("loads an article page with the partner's image from the partner's host, and no violation", async () => {
    const { page, violations, offSite } = await visit();
    await page.goto(`${stack.url}${htmlArticlePage}`);
    await expect(page.locator('main img').count()).resolves.toBeGreaterThan(0);
    await expect(violations()).resolves.toEqual([]);
    expect(offSite.some((address) => address.startsWith('https://almadar.example/'))).toBe(true);
  });

  it('loads the 404 page for a missing address with no violation', async () => {
    const { page, violations } = await visit();
    const answer = await page.goto(`${stack.url}/articles/no-such-article.html`);
    expect(answer?.status()).toBe(404);
    await expect(violations()).resolves.toEqual([]);
  });

  it('runs the editor console, signed in and listing articles from the API, with no violation', async () => {
    const { page, violations } = await visit();
    await page.goto(`${stack.url}/editor/`);
    await page.getByLabel('Editor token').fill(TEST_EDITOR_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Grain corridor talks resume in Istanbul' }).waitFor();
    await expect(violations()).resolves.toEqual([]);
  });

  it('does record a violation when a policy forbids what the page loads (the checks above can fail)', async () => {
    const { page, violations } = await visit(() =>
      PAGE_CONTENT_SECURITY_POLICY.replace("style-src 'self'", ''),
    );
    await page.goto(`${stack.url}/`);
    await expect(violations()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/^style-src-elem .*\/assets\/site\.css$/)]),
    );
  });
});
