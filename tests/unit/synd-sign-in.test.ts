import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, SignInError, UsageError } from '../../cli/cli-errors';
import { reportFailure } from '../../cli/output/failure-report';
import { consoleConfigUrl, readDeploymentSignIn } from '../../cli/sign-in/deployment-sign-in';
import { listenForCallback } from '../../cli/sign-in/loopback-callback';
import {
  authorizationUrl,
  claimsOf,
  codeChallenge,
  idTokenMismatch,
  lifetimeSeconds,
  pendingSignIn,
} from '../../cli/sign-in/oidc-tokens';
import { SignInExpiredError, signedInToken } from '../../cli/sign-in/signed-in-token';
import {
  CredentialsStore,
  credentialsFile,
  type StoredSession,
  sessionKey,
} from '../../cli/sign-in/stored-credentials';
import { freePort } from '../../local/free-port';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';

const SIGN_IN = {
  kind: 'oidc' as const,
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  clientId: 'client-1',
  authorizationEndpoint: 'https://auth.news.example/oauth2/authorize',
  tokenEndpoint: 'https://auth.news.example/oauth2/token',
  scopes: ['openid', 'email'],
};

const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'synd-sign-in-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    apiUrl: 'https://news.example',
    idToken: 'id-token-1',
    refreshToken: 'refresh-1',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    tokenEndpoint: SIGN_IN.tokenEndpoint,
    clientId: SIGN_IN.clientId,
    issuer: SIGN_IN.issuer,
    editor: 'rana@news.example',
    ...overrides,
  };
}

describe('the authorization request', () => {
  it('computes the S256 challenge of RFC 7636’s own example', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('asks for a code with PKCE, state and nonce at the loopback redirect URI', () => {
    const pending = pendingSignIn(CLI_SIGN_IN_REDIRECT_URI);
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pending.state).not.toBe(pendingSignIn(CLI_SIGN_IN_REDIRECT_URI).state);
    const query = new URL(authorizationUrl(SIGN_IN, pending)).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'http://localhost:53682/callback',
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
  });
});

describe('the ID token', () => {
  const claims = { iss: SIGN_IN.issuer, aud: 'client-1', sub: 'editor-1', nonce: 'n1' };
  const expected = { issuer: SIGN_IN.issuer, clientId: 'client-1', nonce: 'n1' };

  it('is accepted only from the issuer, for the client, answering the nonce, naming an editor', () => {
    expect(idTokenMismatch(claims, expected)).toBeUndefined();
    expect(idTokenMismatch({ ...claims, iss: 'https://evil.example' }, expected)).toMatch(/issued by/);
    expect(idTokenMismatch({ ...claims, aud: ['other'] }, expected)).toMatch(/meant for/);
    expect(idTokenMismatch({ ...claims, nonce: 'n2' }, expected)).toMatch(/nonce/);
    expect(idTokenMismatch({ ...claims, sub: '' }, expected)).toMatch(/no sub/);
    // A renewed token need not repeat the nonce.
    expect(
      idTokenMismatch({ ...claims, nonce: undefined }, { ...expected, nonce: undefined }),
    ).toBeUndefined();
  });

  it('is read from its payload, and its lifetime from exp − iat before expires_in', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'é', exp: 4600, iat: 1000 })).toString('base64url');
    expect(claimsOf(`h.${payload}.s`)).toEqual({ sub: 'é', exp: 4600, iat: 1000 });
    expect(() => claimsOf('not-a-jwt')).toThrow(/not a JWT/);
    expect(lifetimeSeconds({ exp: 4600, iat: 1000 }, 60)).toBe(3600);
    expect(lifetimeSeconds({}, 900)).toBe(900);
    expect(lifetimeSeconds({}, undefined)).toBe(300);
  });
});

describe('the credentials file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(credentialsFile({ XDG_CONFIG_HOME: '/x/config' })).toBe('/x/config/synd/credentials.json');
    expect(credentialsFile({ HOME: '/home/rana' })).toMatch(/\/\.config\/synd\/credentials\.json$/);
  });

  it('keys sessions by the API address, however it was spelled', () => {
    expect(sessionKey('https://News.Example/')).toBe('https://news.example');
    expect(sessionKey('https://news.example')).toBe('https://news.example');
  });

  it('keeps one session per API, mode 0600 in a 0700 directory, and goes when the last is removed', async () => {
    const file = join(temporaryDirectory(), 'synd', 'credentials.json');
    const store = new CredentialsStore(file);
    await store.put(session());
    await store.put(session({ apiUrl: 'https://other.example', idToken: 'other' }));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect((await store.get('https://NEWS.example/'))?.idToken).toBe('id-token-1');
    expect(store.hasSync('https://other.example')).toBe(true);

    // Removing gives back what was removed: synd logout revokes its refresh token after.
    expect(await store.remove('https://news.example')).toMatchObject({
      idToken: 'id-token-1',
      refreshToken: 'refresh-1',
    });
    expect(await store.get('https://news.example')).toBeUndefined();
    expect(await store.remove('https://news.example')).toBeUndefined();
    expect(await store.remove('https://other.example')).toMatchObject({ idToken: 'other' });
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });

  it('refuses a file it cannot read, saying to delete it', async () => {
    const file = join(temporaryDirectory(), 'credentials.json');
    writeFileSync(file, '{"version":2}');
    await expect(new CredentialsStore(file).get('https://news.example')).rejects.toThrow(
      /not a credentials file synd can read; delete it/,
    );
  });
});

describe('the stored token', () => {
  it('is sent as it is while it has more than a minute left, with no call to the provider', async () => {
    const store = new CredentialsStore(join(temporaryDirectory(), 'credentials.json'));
    await store.put(session());
    expect(await signedInToken(store, 'https://news.example')).toBe('id-token-1');
    expect(await signedInToken(store, 'https://elsewhere.example')).toBeUndefined();
  });

  it('without a refresh token, has lapsed for good: synd login again, exit 3', async () => {
    const store = new CredentialsStore(join(temporaryDirectory(), 'credentials.json'));
    await store.put(
      session({ refreshToken: undefined, expiresAt: new Date(Date.now() + 30_000).toISOString() }),
    );
    const failure = await signedInToken(store, 'https://news.example').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInExpiredError);
    expect((failure as Error).message).toBe(
      'your sign-in to https://news.example has expired: run synd login --api-url https://news.example again',
    );
    expect(reportFailure(failure).exitCode).toBe(EXIT.unreachable);
  });
});

describe('the loopback callback', () => {
  async function listener(timeoutMs = 10_000) {
    const port = await freePort();
    const callback = await listenForCallback({ port, path: '/callback', state: 'expected-state', timeoutMs });
    return { port, callback };
  }

  it('hands over the code of an answer with this sign-in’s state, and tells the browser so', async () => {
    const { port, callback } = await listener();
    const notFound = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
    expect(notFound.status).toBe(404);
    const page = await fetch(`http://127.0.0.1:${port}/callback?code=the-code&state=expected-state`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Signed in');
    await expect(callback.code).resolves.toBe('the-code');
    await callback.close();
  });

  it('refuses an answer with another state, and the sign-in ends', async () => {
    const { port, callback } = await listener();
    const page = await fetch(`http://127.0.0.1:${port}/callback?code=stolen&state=other`);
    expect(page.status).toBe(400);
    await expect(callback.code).rejects.toThrow(/does not belong to this sign-in/);
    const late = await fetch(`http://127.0.0.1:${port}/callback?code=the-code&state=expected-state`);
    expect(late.status).toBe(410);
    await callback.close();
  });

  it('gives up after its timeout with a clear message', async () => {
    const { callback } = await listener(1000);
    const failure = await callback.code.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInError);
    expect((failure as Error).message).toMatch(/^no sign-in arrived within 1 s; run synd login again/);
    await callback.close();
  });

  it('says the port is taken, as a usage error, when another program holds it', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const failure = await listenForCallback({ port, path: '/callback', state: 's', timeoutMs: 1000 }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UsageError);
      expect((failure as Error).message).toBe(
        `port ${port} on this machine is in use (another synd login?); synd login must receive the sign-in there`,
      );
    } finally {
      holder.close();
    }
  });
});

describe('the deployment’s sign-in', () => {
  it('is read from the console’s config.json beside the site', () => {
    expect(consoleConfigUrl('https://news.example/')).toBe('https://news.example/editor/config.json');
  });

  it('is never read over plain http from another host', async () => {
    await expect(readDeploymentSignIn('http://news.example')).rejects.toThrow(
      'http://news.example is not an https:// address; synd login signs in over https only',
    );
  });
});

describe('what is stored', () => {
  it('is JSON with the session under its API address', async () => {
    const file = join(temporaryDirectory(), 'credentials.json');
    await new CredentialsStore(file).put(session());
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: number; sessions: object };
    expect(stored).toEqual({
      version: 1,
      sessions: { 'https://news.example': session({ expiresAt: expect.any(String) }) },
    });
  });
});
