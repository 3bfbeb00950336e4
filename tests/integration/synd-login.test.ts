import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';
import { StubOidcProvider } from '../support/stub-oidc-provider';
import { hasStackTrace, type SyndRun, startSynd, synd } from '../support/synd-cli';

interface StoredSession {
  apiUrl: string;
  idToken: string;
  refreshToken?: string;
  expiresAt: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  clientId: string;
}

interface CredentialsFile {
  version: number;
  sessions: Record<string, StoredSession>;
}

/**
 * A deployment in miniature: the site serves the console's `config.json` naming the stub identity
 * provider, and `/v1/articles` answers only a bearer that provider issued (what the HTTP API's JWT
 * authorizer does in AWS).
 */
class StubDeployment {
  readonly bearers: string[] = [];
  signIn: 'oidc' | 'token' = 'oidc';
  #server: Server | undefined;
  url = '';

  constructor(private readonly provider: StubOidcProvider) {}

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      if (request.url === '/editor/config.json') {
        const signIn = this.signIn === 'oidc' ? this.provider.signInConfig() : { kind: 'token' };
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ apiBaseUrl: '', signIn }));
        return;
      }
      if (request.url?.startsWith('/v1/articles')) {
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
        this.bearers.push(bearer);
        if (!this.provider.isValid(bearer)) {
          response
            .writeHead(401, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ title: 'Unauthorized', status: 401 }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [] }));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

/** `synd login`, with the test as the editor's browser: it opens the printed address and follows the provider's redirect to the loopback callback. */
async function loginAsBrowser(
  site: string,
  env: Record<string, string>,
): Promise<{ run: SyndRun; callback: Response; redirect: URL }> {
  const running = startSynd(['login', '--api-url', site, '--timeout', '60'], env);
  const [, address] = await running.stderrMatch(/^ {2}(http\S+)$/m);
  const atProvider = await fetch(address ?? '', { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const redirect = new URL(atProvider.headers.get('location') ?? '');
  const callback = await fetch(redirect);
  return { run: await running.done, callback, redirect };
}

describe('synd login, the stored sign-in, and logout', { timeout: 120_000 }, () => {
  let provider: StubOidcProvider;
  let deployment: StubDeployment;
  let configHome: string;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'synd-login-data-'));

  const credentialsPath = () => join(configHome, 'synd', 'credentials.json');
  const credentials = (): CredentialsFile =>
    existsSync(credentialsPath())
      ? (JSON.parse(readFileSync(credentialsPath(), 'utf8')) as CredentialsFile)
      : { version: 1, sessions: {} };
  const session = () => credentials().sessions[deployment.url];
  const rewriteSession = (change: Partial<StoredSession>) => {
    const file = credentials();
    file.sessions[deployment.url] = { ...(file.sessions[deployment.url] as StoredSession), ...change };
    writeFileSync(credentialsPath(), JSON.stringify(file));
  };
  const articles = () => synd(['articles', 'list', '--api-url', deployment.url], env);

  beforeAll(async () => {
    provider = await StubOidcProvider.start();
    deployment = new StubDeployment(provider);
    await deployment.start();
  });

  beforeEach(() => {
    configHome = mkdtempSync(join(tmpdir(), 'synd-login-config-'));
    // No local run's token file to fall back on: only the sign-in can authorise the requests.
    env = { XDG_CONFIG_HOME: configHome, DATA_DIR: dataDir };
    deployment.signIn = 'oidc';
  });

  afterAll(async () => {
    await deployment?.stop();
    await provider?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with PKCE, stores the tokens for this user only, and sends the ID token to that API', async () => {
    const { run, callback, redirect } = await loginAsBrowser(deployment.url, env);
    expect(run.stderr).not.toMatch(/synd: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Signed in to ${deployment.url} as ${provider.email}.\n`);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CLI_SIGN_IN_REDIRECT_URI);
    expect(callback.status).toBe(200);

    const [authorize] = provider.authorizeRequests.slice(-1);
    expect(authorize?.get('redirect_uri')).toBe(CLI_SIGN_IN_REDIRECT_URI);
    expect(authorize?.get('code_challenge_method')).toBe('S256');
    // The stub grants the code only for the verifier whose SHA-256 is the challenge it was sent.
    const [exchange] = provider.tokenRequests.slice(-1);
    expect(exchange).toMatchObject({ grantType: 'authorization_code', granted: true });

    const stored = session();
    expect(stored).toMatchObject({
      apiUrl: deployment.url,
      idToken: provider.idTokens.at(-1),
      refreshToken: expect.any(String),
      tokenEndpoint: provider.signInConfig().tokenEndpoint,
      clientId: provider.clientId,
    });
    expect(Date.parse(stored?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(statSync(credentialsPath()).mode & 0o777).toBe(0o600);
    expect(statSync(join(configHome, 'synd')).mode & 0o777).toBe(0o700);

    const list = await articles();
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(deployment.bearers.at(-1)).toBe(stored?.idToken);
  });

  it('renews a lapsed ID token with the refresh token and rewrites the file', async () => {
    await loginAsBrowser(deployment.url, env);
    const first = session();
    rewriteSession({ expiresAt: new Date(Date.now() - 1000).toISOString() });

    const list = await articles();
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const [refresh] = provider.tokenRequests.slice(-1);
    expect(refresh).toMatchObject({ grantType: 'refresh_token', granted: true });
    const renewed = session();
    expect(renewed?.idToken).not.toBe(first?.idToken);
    expect(deployment.bearers.at(-1)).toBe(renewed?.idToken);
    expect(Date.parse(renewed?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    // Cognito keeps the refresh token on a renewal; so does the file.
    expect(renewed?.refreshToken).toBe(first?.refreshToken);
    expect(statSync(credentialsPath()).mode & 0o777).toBe(0o600);
  });

  it('says to run synd login again, exit 3, when the refresh token is refused', async () => {
    await loginAsBrowser(deployment.url, env);
    rewriteSession({ expiresAt: new Date(Date.now() - 1000).toISOString(), refreshToken: 'revoked' });
    const sent = deployment.bearers.length;

    const list = await articles();
    expect(list.code).toBe(3);
    expect(list.stderr).toMatch(
      /^synd: your sign-in to .+ has expired and could not be renewed .*invalid_grant/,
    );
    expect(list.stderr).toContain(`run synd login --api-url ${deployment.url} again`);
    expect(hasStackTrace(list.stderr)).toBe(false);
    expect(deployment.bearers.length).toBe(sent);
    // A refresh token the provider refused is worth nothing: it is not kept.
    expect(session()).toBeUndefined();
  });

  it('when the API refuses the stored ID token, says to run synd login again (exit 1)', async () => {
    await loginAsBrowser(deployment.url, env);
    rewriteSession({ idToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJub2JvZHkifQ.forged' });

    const list = await articles();
    expect(list.code).toBe(1);
    expect(list.stderr.trim().split('\n')).toEqual([
      'synd: 401 Unauthorized',
      '  the API refused the sign-in synd login stored: run synd login again',
    ]);
  });

  it('logout revokes the refresh token at the provider and deletes the stored sign-in; without it nothing is sent to the API', async () => {
    await loginAsBrowser(deployment.url, env);
    const refreshToken = session()?.refreshToken ?? '';
    expect(provider.acceptsRefreshToken(refreshToken)).toBe(true);

    const logout = await synd(['logout', '--api-url', deployment.url], env);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain(
      `Signed out of ${deployment.url}: its tokens are deleted from ${credentialsPath()}, and the identity provider revoked its refresh token.`,
    );
    expect(logout.stderr).toBe('');
    expect(provider.revocationRequests.at(-1)).toEqual({
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: provider.clientId,
    });
    // A copy of the file taken before the logout can no longer renew the sign-in.
    expect(provider.acceptsRefreshToken(refreshToken)).toBe(false);
    expect(existsSync(credentialsPath())).toBe(false);
    const sent = deployment.bearers.length;

    const list = await articles();
    expect(list.code).toBe(3);
    expect(deployment.bearers.length).toBe(sent);
  });

  it('logout deletes the stored sign-in even when the provider cannot revoke it, and says the token stays valid', async () => {
    await loginAsBrowser(deployment.url, env);
    // A provider that does not answer: a port nobody listens on.
    rewriteSession({ revocationEndpoint: 'http://127.0.0.1:9/oauth2/revoke' });

    const logout = await synd(['logout', '--api-url', deployment.url], env);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toBe(
      `Signed out of ${deployment.url}: its tokens are deleted from ${credentialsPath()}.\n`,
    );
    expect(logout.stderr).toMatch(
      /^Note: cannot reach the identity provider at http:\/\/127\.0\.0\.1:9\/oauth2\/revoke: .+, so the refresh token stays valid there until it expires\.\n$/,
    );
    expect(existsSync(credentialsPath())).toBe(false);
  });

  it('logout of a sign-in stored before revocation was known deletes it and says the token stays valid', async () => {
    await loginAsBrowser(deployment.url, env);
    rewriteSession({ revocationEndpoint: undefined });
    const revocations = provider.revocationRequests.length;

    const logout = await synd(['logout', '--api-url', deployment.url], env);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe(
      'Note: this sign-in was stored without a revocation endpoint (the deployment names none, or named none when you signed in), so the refresh token stays valid at the identity provider until it expires.\n',
    );
    expect(provider.revocationRequests.length).toBe(revocations);
    expect(existsSync(credentialsPath())).toBe(false);
  });

  it('refuses an answer with another state: exit 1, nothing stored, no code exchanged', async () => {
    provider.nextAuthorize = 'other-state';
    const exchanges = provider.tokenRequests.length;
    const { run, callback } = await loginAsBrowser(deployment.url, env);
    expect(callback.status).toBe(400);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^synd: an answer arrived that does not belong to this sign-in/m);
    expect(provider.tokenRequests.length).toBe(exchanges);
    expect(existsSync(credentialsPath())).toBe(false);
  });

  it('says so when the editor does not sign in at the provider', async () => {
    provider.nextAuthorize = 'denied';
    const { run } = await loginAsBrowser(deployment.url, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the identity provider did not sign you in (access_denied');
    expect(existsSync(credentialsPath())).toBe(false);
  });

  it('asks which deployment, exit 2, when given no API address', async () => {
    const run = await synd(['login'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('synd: which deployment? pass --api-url https://<site> (or set SYND_API_URL)\n');
  });

  it('refuses, exit 2, a site whose console signs in with a token (the local run)', async () => {
    deployment.signIn = 'token';
    const run = await synd(['login', '--api-url', deployment.url], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synd: .+ signs editors in with a token, not an identity provider/);
  });
});
