import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleModule } from '../support/console-module';

interface Pkce {
  base64Url(bytes: Uint8Array): string;
  randomToken(byteLength?: number): string;
  isCodeVerifier(value: string): boolean;
  codeChallenge(verifier: string): Promise<string>;
}

interface OidcConfig {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  revocationEndpoint?: string;
  scopes: string[];
}

interface OidcSignIn {
  authorizationUrl(
    config: OidcConfig,
    request: { redirectUri: string; state: string; nonce: string; challenge: string },
  ): string;
  redirectUriOf(location: { origin: string }): string;
  claimsOf(jwt: string): Record<string, unknown>;
  idTokenMismatch(
    claims: Record<string, unknown>,
    expected: { issuer: string; clientId: string; nonce?: string },
  ): string | undefined;
  lifetimeOf(claims: Record<string, unknown>, expiresIn: unknown): number;
}

interface ConsoleConfigModule {
  parseConsoleConfig(value: unknown): { apiBaseUrl: string; signIn: { kind: 'token' } | OidcConfig };
}

let pkce: Pkce;
let oidc: OidcSignIn;
let config: ConsoleConfigModule;
beforeAll(async () => {
  pkce = await consoleModule<Pkce>('pkce.js');
  oidc = await consoleModule<OidcSignIn>('oidc-sign-in.js');
  config = await consoleModule<ConsoleConfigModule>('config.js');
});

/** An unsigned JWT with these claims (the console reads claims; the API's authorizer checks signatures). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const COGNITO = 'https://synd-editors.auth.eu-west-1.amazoncognito.com';
const OIDC_CONFIG = {
  kind: 'oidc',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
  clientId: 'client-1234',
  authorizationEndpoint: `${COGNITO}/oauth2/authorize`,
  tokenEndpoint: `${COGNITO}/oauth2/token`,
  endSessionEndpoint: `${COGNITO}/logout`,
  revocationEndpoint: `${COGNITO}/oauth2/revoke`,
} as const;

describe('PKCE in the console', () => {
  it('derives the S256 challenge of RFC 7636’s own example', async () => {
    expect(await pkce.codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 unreserved characters that never repeat', () => {
    const verifiers = Array.from({ length: 50 }, () => pkce.randomToken(32));
    for (const verifier of verifiers) {
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(pkce.isCodeVerifier(verifier)).toBe(true);
    }
    expect(new Set(verifiers).size).toBe(verifiers.length);
  });

  it('refuses to derive a challenge from a verifier RFC 7636 does not allow', async () => {
    await expect(pkce.codeChallenge('too-short')).rejects.toThrow(/43 to 128/);
    await expect(pkce.codeChallenge(`${'a'.repeat(42)} `)).rejects.toThrow(/43 to 128/);
    expect(pkce.isCodeVerifier('a'.repeat(129))).toBe(false);
  });

  it('spells bytes in base64url without padding', () => {
    expect(pkce.base64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(pkce.base64Url(new Uint8Array([0xfb, 0xff]))).toBe(
      Buffer.from([0xfb, 0xff]).toString('base64url'),
    );
  });
});

describe('the OIDC requests and tokens', () => {
  it('asks for a code with the client, redirect URI, scopes, state, nonce and S256 challenge', () => {
    const url = new URL(
      oidc.authorizationUrl(
        { ...OIDC_CONFIG, scopes: ['openid', 'email', 'profile'] },
        { redirectUri: 'https://news.example/editor/', state: 'st', nonce: 'no', challenge: 'ch' },
      ),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${COGNITO}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1234',
      redirect_uri: 'https://news.example/editor/',
      scope: 'openid email profile',
      state: 'st',
      nonce: 'no',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('comes back to /editor/ on the console’s origin', () => {
    expect(oidc.redirectUriOf({ origin: 'https://news.example' })).toBe('https://news.example/editor/');
  });

  it('reads an ID token’s claims, text in any script', () => {
    expect(oidc.claimsOf(jwt({ sub: 'abc', name: 'رنا الخطيب' }))).toEqual({
      sub: 'abc',
      name: 'رنا الخطيب',
    });
    expect(() => oidc.claimsOf('not a token')).toThrow(/not a JWT/);
    expect(() => oidc.claimsOf(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toThrow(/not a JWT/);
  });

  it('accepts only an ID token of the configured issuer, for this client, answering this sign-in', () => {
    const expected = { issuer: OIDC_CONFIG.issuer, clientId: 'client-1234', nonce: 'n-1' };
    const good = { iss: OIDC_CONFIG.issuer, aud: 'client-1234', nonce: 'n-1', sub: 'editor-1' };
    expect(oidc.idTokenMismatch(good, expected)).toBeUndefined();
    expect(oidc.idTokenMismatch({ ...good, aud: ['other', 'client-1234'] }, expected)).toBeUndefined();
    expect(oidc.idTokenMismatch({ ...good, iss: 'https://elsewhere.example' }, expected)).toMatch(
      /issued by/,
    );
    expect(oidc.idTokenMismatch({ ...good, aud: 'another-client' }, expected)).toMatch(/meant for/);
    expect(oidc.idTokenMismatch({ ...good, nonce: 'n-2' }, expected)).toMatch(/nonce/);
    expect(oidc.idTokenMismatch({ ...good, sub: undefined }, expected)).toMatch(/no sub/);
    // A renewed ID token need not repeat the nonce.
    expect(
      oidc.idTokenMismatch({ ...good, nonce: undefined }, { ...expected, nonce: undefined }),
    ).toBeUndefined();
  });

  it('times renewal by the token’s own lifetime, so a wrong browser clock does not matter', () => {
    expect(oidc.lifetimeOf({ iat: 1_000, exp: 4_600 }, 60)).toBe(3_600);
    expect(oidc.lifetimeOf({}, 900)).toBe(900);
    expect(oidc.lifetimeOf({ exp: 4_600 }, undefined)).toBe(300);
  });
});

describe('the console’s configuration', () => {
  it('reads the checkout’s config.json as the local token sign-in', () => {
    expect(config.parseConsoleConfig(JSON.parse(readFileSync('console/config.json', 'utf8')))).toEqual({
      apiBaseUrl: '',
      signIn: { kind: 'token' },
    });
  });

  it('reads an OIDC sign-in, asking for openid, email and profile unless told otherwise', () => {
    expect(config.parseConsoleConfig({ apiBaseUrl: '', signIn: OIDC_CONFIG })).toEqual({
      apiBaseUrl: '',
      signIn: { ...OIDC_CONFIG, scopes: ['openid', 'email', 'profile'] },
    });
    const { endSessionEndpoint: _, revocationEndpoint: __, ...withoutLogout } = OIDC_CONFIG;
    expect(
      config.parseConsoleConfig({ apiBaseUrl: '', signIn: { ...withoutLogout, scopes: ['openid'] } }).signIn,
    ).toEqual({
      ...withoutLogout,
      endSessionEndpoint: undefined,
      revocationEndpoint: undefined,
      scopes: ['openid'],
    });
  });

  it('refuses an endpoint that is not https, except on this machine', () => {
    for (const field of [
      'issuer',
      'authorizationEndpoint',
      'tokenEndpoint',
      'endSessionEndpoint',
      'revocationEndpoint',
    ]) {
      expect(() =>
        config.parseConsoleConfig({ signIn: { ...OIDC_CONFIG, [field]: 'http://id.example/x' } }),
      ).toThrow(new RegExp(`signIn.${field} must be an https:// address`));
    }
    expect(() =>
      config.parseConsoleConfig({ signIn: { ...OIDC_CONFIG, tokenEndpoint: 'javascript:alert(1)' } }),
    ).toThrow(/https:\/\//);
    for (const local of ['http://localhost:9000/token', 'http://127.0.0.1:9000/token']) {
      const parsed = config.parseConsoleConfig({ signIn: { ...OIDC_CONFIG, tokenEndpoint: local } });
      expect(parsed.signIn).toMatchObject({ tokenEndpoint: local });
    }
  });

  it('refuses what it cannot use safely, naming the field', () => {
    const refusals: Array<[unknown, RegExp]> = [
      [{ signIn: { ...OIDC_CONFIG, tokenEndpoint: undefined } }, /signIn.tokenEndpoint .* missing/],
      [{ signIn: { ...OIDC_CONFIG, tokenEndpoint: 'https://user:pw@id.example/t' } }, /user name/],
      [{ signIn: { ...OIDC_CONFIG, authorizationEndpoint: 'https://id.example/a#x' } }, /#fragment/],
      [{ signIn: { ...OIDC_CONFIG, clientId: ' ' } }, /signIn.clientId/],
      [{ signIn: { ...OIDC_CONFIG, scopes: ['email'] } }, /must include "openid"/],
      [{ signIn: { ...OIDC_CONFIG, scopes: ['openid email'] } }, /without spaces/],
      [{ signIn: { kind: 'saml' } }, /signIn.kind/],
      [{ apiBaseUrl: 'http://api.example' }, /apiBaseUrl must be an https:\/\/ address/],
      [[], /must hold an object/],
    ];
    for (const [value, message] of refusals) expect(() => config.parseConsoleConfig(value)).toThrow(message);
  });
});
