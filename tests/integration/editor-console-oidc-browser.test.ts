import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withConnectOrigins } from '../../infra/constructs/editor-console-page';
import { readConsoleFiles } from '../../local/console-files';
import type { ArticleListView } from '../../shared/editor/editor-views';
import { consoleObject } from '../../shared/publish/publish-console';
import { launchChromium } from '../support/chromium';
import { StubOidcProvider } from '../support/stub-oidc-provider';

const SESSION_KEY = 'syndication-editor-oidc-session';

/** What the intercepted editor API lists: one article, enough for the list to show. */
const LISTED: ArticleListView = {
  items: [
    {
      articleId: 'a-1',
      partnerId: 'almadar',
      externalId: 'ext-1',
      slug: 'harbour-reopens',
      url: 'https://news.example/articles/harbour-reopens/',
      title: 'Harbour reopens after the storm',
      language: 'en',
      direction: 'ltr',
      publishedAt: '2026-11-20T09:00:00Z',
      updatedAt: '2026-11-20T09:00:00Z',
      modifiedAt: '2026-11-20T09:00:00Z',
      revision: 1,
      state: 'published',
      attribution: {
        deliveredBy: { partnerId: 'almadar', name: 'Al Madar' },
        publisher: { name: 'Al Madar' },
        publisherSource: 'partner',
        authors: [],
        originalUrl: 'https://almadar.example/harbour',
      },
      held: [],
    },
  ],
};

/**
 * The console served as the AWS deployment serves it: its files under `/editor/`, `config.json`
 * naming the provider, and the page's policy written by the same function the CDK construct uses.
 */
async function serveConsole(provider: StubOidcProvider): Promise<{ server: Server; origin: string }> {
  const files = new Map((await readConsoleFiles()).map((file) => [file.path, file]));
  const page = withConnectOrigins(readFileSync('console/index.html', 'utf8'), [provider.origin]);
  files.set('index.html', { path: 'index.html', body: page });
  const config = JSON.stringify({ apiBaseUrl: '', signIn: provider.signInConfig() });
  files.set('config.json', { path: 'config.json', body: config });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://console').pathname;
    const file = path.startsWith('/editor/')
      ? files.get(path.slice('/editor/'.length) || 'index.html')
      : undefined;
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const object = consoleObject(file);
    response.writeHead(200, { 'content-type': object.contentType, 'cache-control': 'no-cache' });
    response.end(object.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the editor console signing in with OpenID Connect in a real browser', () => {
  let provider: StubOidcProvider;
  let site: { server: Server; origin: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Everything that went wrong in the page: errors, CSP refusals, failed loads. */
  let problems: string[];
  /** The `Authorization` header of every request to the editor API. */
  let apiAuthorizations: Array<string | undefined>;

  beforeAll(async () => {
    provider = await StubOidcProvider.start();
    site = await serveConsole(provider);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.server.close(() => resolve()) : resolve()));
    await provider?.stop();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext();
    problems = [];
    apiAuthorizations = [];
    // The editor API as the HTTP API's JWT authorizer guards it: only an ID token of the provider passes.
    await context.route(`${site.origin}/v1/**`, async (route: Route) => {
      const authorization = await route.request().headerValue('authorization');
      apiAuthorizations.push(authorization ?? undefined);
      const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (bearer === undefined || !provider.isValid(bearer)) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: '{"message":"Unauthorized"}',
        });
        return;
      }
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(LISTED) });
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  /** Opens the console and signs in through the provider, back on the console. */
  async function signIn(address = `${site.origin}/editor/`): Promise<void> {
    await page.goto(address);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === site.origin && url.search === '');
  }

  function session(): Promise<string | null> {
    return page.evaluate(`sessionStorage.getItem(${JSON.stringify(SESSION_KEY)})`);
  }

  it('signs in with PKCE and sends the provider’s ID token to the API as the bearer', async () => {
    await signIn();
    await page.locator('.article-card').first().waitFor();
    expect(await page.locator('.article-card h3').allTextContents()).toEqual([
      'Harbour reopens after the storm',
    ]);

    const [authorize] = provider.authorizeRequests;
    expect(authorize?.get('redirect_uri')).toBe(`${site.origin}/editor/`);
    expect(authorize?.get('scope')).toBe('openid email profile');
    expect(provider.tokenRequests).toEqual([
      expect.objectContaining({ grantType: 'authorization_code', granted: true }),
    ]);
    const [idToken] = provider.idTokens;
    expect(apiAuthorizations).not.toHaveLength(0);
    expect(new Set(apiAuthorizations)).toEqual(new Set([`Bearer ${idToken}`]));
    // The single-use code and the state leave the address (and so the history and bookmarks).
    expect(page.url()).toBe(`${site.origin}/editor/`);
    expect(await page.locator('#nav').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('comes back to the page the editor asked for before signing in', async () => {
    await signIn(`${site.origin}/editor/#/republish`);
    await page.getByRole('button', { name: 'Start republishing' }).waitFor();
    expect(page.url()).toBe(`${site.origin}/editor/#/republish`);
  });

  it('refuses an answer whose state is not the one it sent, without exchanging its code', async () => {
    provider.nextAuthorize = 'other-state';
    const tokenRequestsBefore = provider.tokenRequests.length;
    await signIn();
    const notice = page.locator('main .notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/does not belong to a sign-in started in this tab/);
    expect(provider.tokenRequests).toHaveLength(tokenRequestsBefore);
    expect(await session()).toBeNull();
    expect(apiAuthorizations).toEqual([]);
    expect(page.url()).toBe(`${site.origin}/editor/`);
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('says in words when the provider did not sign the editor in', async () => {
    provider.nextAuthorize = 'denied';
    await signIn();
    const notice = page.locator('main .notice');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      'The identity provider did not sign you in (access_denied: The editor cancelled the sign-in).',
    );
    expect(await session()).toBeNull();
  });

  it('renews an ID token about to lapse with the refresh token', async () => {
    await signIn();
    await page.locator('.article-card').first().waitFor();
    const [first] = provider.idTokens.slice(-1);
    // As an hour later: the kept ID token lapses within the minute.
    await page.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}));
      sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, JSON.stringify({ ...session, expiresAt: Date.now() + 30000 }));
    })()`);
    apiAuthorizations.length = 0;
    await page.reload();
    await page.locator('.article-card').first().waitFor();
    expect(provider.tokenRequests.at(-1)).toMatchObject({ grantType: 'refresh_token', granted: true });
    const renewed = provider.idTokens.at(-1);
    expect(renewed).not.toBe(first);
    expect(new Set(apiAuthorizations)).toEqual(new Set([`Bearer ${renewed}`]));
  });

  it('signs out: revokes the refresh token, forgets the tokens and ends the session at the provider', async () => {
    await signIn();
    await page.locator('.article-card').first().waitFor();
    const { refreshToken } = JSON.parse((await session()) ?? '{}') as { refreshToken?: string };
    expect(provider.acceptsRefreshToken(refreshToken ?? '')).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('main .notice', { hasText: 'You are signed out.' }).waitFor();
    // Awaited (two seconds at most) before the tab leaves for the provider's logout; polled all the same,
    // as it arrives on a connection of its own.
    await expect
      .poll(() => provider.revocationRequests.at(-1))
      .toEqual({
        token: refreshToken,
        token_type_hint: 'refresh_token',
        client_id: provider.clientId,
      });
    expect(provider.acceptsRefreshToken(refreshToken ?? '')).toBe(false);
    const logout = provider.logoutRequests.at(-1);
    expect(logout?.get('client_id')).toBe(provider.clientId);
    expect(logout?.get('logout_uri')).toBe(`${site.origin}/editor/`);
    expect(await session()).toBeNull();
    expect(await page.locator('#nav').isHidden()).toBe(true);

    // Nothing kept: reopening the console asks to sign in again, and nothing went to the API.
    apiAuthorizations.length = 0;
    await page.goto(`${site.origin}/editor/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(apiAuthorizations).toEqual([]);
  });

  it('returns to sign-in in words when the API refuses the token', async () => {
    await page.goto(`${site.origin}/editor/`);
    // The console has read the session by then: set before, the token would be refused (and forgotten)
    // by this load, and the reload would find none.
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.evaluate(`sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, JSON.stringify({
      idToken: 'a.eyJzdWIiOiJ4In0.revoked', expiresAt: Date.now() + 3600000 }))`);
    await page.reload();
    const notice = page.locator('main .notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/no longer accepts your sign-in/);
    expect(await session()).toBeNull();
  });
});
