// @ts-check
/**
 * The AWS sign-in: OpenID Connect authorization code flow with PKCE (`S256`) for a public client
 * (no secret), against the identity provider the HTTP API's JWT authorizer trusts (the stack's
 * Cognito user pool, or an issuer given by context). Decision 0031 says why each piece is as it is.
 *
 * 1. **Sign in** sends the tab to `authorizationEndpoint` with the client id, the redirect URI
 *    `<origin>/editor/`, the scopes, a random `state` and `nonce`, and the challenge of a random
 *    code verifier; the three secrets wait in `sessionStorage` for the way back.
 * 2. The provider sends the editor back to `/editor/?code=…&state=…`. The console takes the code
 *    out of the address at once, refuses it unless `state` is the one this tab sent, and exchanges
 *    it at `tokenEndpoint` (form-encoded, with the verifier). The ID token must name the issuer, the
 *    client and the nonce.
 * 3. The tokens are kept for this tab only (`sessionStorage`). Every API request carries the
 *    **ID token** as `Authorization: Bearer`: its audience is the client id, which the authorizer
 *    checks, and it has the `email` the API records as the editor's name (Cognito's access token
 *    has neither). A minute before it lapses, the refresh token renews it; when it cannot, the
 *    editor is asked to sign in again.
 * 4. **Sign out** revokes the refresh token when `revocationEndpoint` is configured (Cognito's
 *    `/oauth2/revoke`), forgets the tokens and, when `endSessionEndpoint` is configured, ends the
 *    provider's session too (Cognito's `/logout` with `client_id` and `logout_uri`).
 *
 * The ID token's signature is not checked here: it came straight from the token endpoint over
 * TLS (OpenID Connect Core §3.1.3.7), and the API's authorizer verifies it on every request.
 */

import { h, replaceChildren } from './dom.js';
import { codeChallenge, randomToken } from './pkce.js';

/** @typedef {import('./sign-in.js').SignInStrategy} SignInStrategy */

/**
 * The `oidc` sign-in as `config.json` gives it, checked and with its defaults (console/config.js).
 *
 * @typedef {object} OidcSignInConfig
 * @property {'oidc'} kind
 * @property {string} issuer the `iss` of the provider's tokens, exactly
 * @property {string} clientId the console's client at the provider (the authorizer's audience)
 * @property {string} authorizationEndpoint
 * @property {string} tokenEndpoint
 * @property {string} [endSessionEndpoint] Cognito's `/logout`; without it sign-out is this tab's only
 * @property {string} [revocationEndpoint] Cognito's `/oauth2/revoke` (RFC 7009): sign-out revokes the
 *   refresh token there, so a copy of it taken from the tab can no longer renew the sign-in
 * @property {string[]} scopes
 */

/**
 * What a tab keeps while the editor is at the provider.
 *
 * @typedef {object} PendingSignIn
 * @property {string} state
 * @property {string} nonce
 * @property {string} verifier
 * @property {string} returnTo the console's `#` address to come back to
 */

/**
 * What a tab keeps while the editor is signed in.
 *
 * @typedef {object} OidcSession
 * @property {string} idToken the bearer credential
 * @property {string} [refreshToken]
 * @property {number} expiresAt when the ID token lapses, in this browser's clock (ms since the epoch)
 */

const PENDING_KEY = 'syndication-editor-oidc-pending';
const SESSION_KEY = 'syndication-editor-oidc-session';
const SIGNED_OUT_KEY = 'syndication-editor-oidc-signed-out';

/** How long before the ID token lapses it is renewed, so no request leaves with a token about to expire. */
const RENEW_BEFORE_MS = 60_000;
/** How long the console waits for the token endpoint. */
const TOKEN_TIMEOUT_MS = 20_000;
/** How long signing out waits for the revocation before it leaves for the provider's sign-out page. */
const REVOKE_TIMEOUT_MS = 2_000;
/** The ID token's lifetime when neither the token nor the response states one: renew early rather than late. */
const ASSUMED_LIFETIME_S = 300;

/** A failure of the sign-in, in words for the editor; `code` is the OAuth error code when the provider gave one. */
export class SignInFailure extends Error {
  /**
   * @param {string} message
   * @param {{ code?: string, cause?: unknown }} [options]
   */
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    this.name = 'SignInFailure';
    this.code = options.code;
  }
}

/**
 * Where the provider sends the editor back: the console's own address, as the app client lists it.
 *
 * @param {{ origin: string }} location
 * @returns {string}
 */
export function redirectUriOf(location) {
  return `${location.origin}/editor/`;
}

/**
 * The authorization request (OpenID Connect Core §3.1.2.1 with RFC 7636's challenge).
 *
 * @param {OidcSignInConfig} config
 * @param {{ redirectUri: string, state: string, nonce: string, challenge: string }} request
 * @returns {string}
 */
export function authorizationUrl(config, request) {
  const url = new URL(config.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('nonce', request.nonce);
  url.searchParams.set('code_challenge', request.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

/**
 * The claims of a JWT, read without verifying it (see the module comment for why that is enough).
 *
 * @param {string} jwt
 * @returns {Record<string, unknown>}
 */
export function claimsOf(jwt) {
  const payload = jwt.split('.')[1];
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) throw new Error('not a JWT');
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  const claims = JSON.parse(json);
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('not a JWT');
  return claims;
}

/**
 * Why an ID token is not the one this sign-in asked for, in words; `undefined` when it is.
 *
 * @param {Record<string, unknown>} claims
 * @param {{ issuer: string, clientId: string, nonce?: string }} expected `nonce` only on the first sign-in (a renewed token need not repeat it)
 * @returns {string | undefined}
 */
export function idTokenMismatch(claims, expected) {
  if (claims.iss !== expected.issuer)
    return `it was issued by ${JSON.stringify(claims.iss)}, not by the configured issuer ${expected.issuer}`;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.clientId))
    return `it is meant for ${JSON.stringify(claims.aud)}, not for this console (${expected.clientId})`;
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce)
    return 'it does not answer the sign-in this tab started (its nonce differs)';
  if (typeof claims.sub !== 'string' || claims.sub === '') return 'it names no editor (no sub)';
  return undefined;
}

/**
 * How long a token is valid, from its own claims when it has them (`exp - iat`, so a browser whose
 * clock is wrong still renews in time), else from the response's `expires_in`.
 *
 * @param {Record<string, unknown>} claims
 * @param {unknown} expiresIn
 * @returns {number} seconds
 */
export function lifetimeOf(claims, expiresIn) {
  if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat)
    return claims.exp - claims.iat;
  if (typeof expiresIn === 'number' && expiresIn > 0) return expiresIn;
  return ASSUMED_LIFETIME_S;
}

/**
 * Posts a form to the token endpoint (RFC 6749 §3.2) and returns its JSON answer.
 *
 * @param {string} endpoint
 * @param {Record<string, string>} form
 * @returns {Promise<Record<string, unknown>>}
 */
async function postTokenRequest(endpoint, form) {
  let response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SignInFailure('The identity provider cannot be reached. Check your connection and try again.', {
      cause: error,
    });
  }
  /** @type {Record<string, unknown> | undefined} */
  let body;
  try {
    const parsed = await response.json();
    body = typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok || body === undefined) {
    const code = typeof body?.error === 'string' ? body.error : undefined;
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
    const said = [code, description].filter(Boolean).join(': ');
    throw new SignInFailure(
      `The identity provider refused${said ? ` (${said})` : ` with status ${response.status}`}.`,
      code === undefined ? {} : { code },
    );
  }
  return body;
}

/**
 * Revokes a refresh token at the provider (RFC 7009), waiting at most two seconds for the answer; a
 * request still under way then goes on (`keepalive`) across the navigation that follows. Never
 * throws: a revocation that fails leaves the token valid until it expires, as a sign-out without one
 * does.
 *
 * @param {OidcSignInConfig} config
 * @param {string} refreshToken
 * @returns {Promise<void>}
 */
async function revokeRefreshToken(config, refreshToken) {
  if (config.revocationEndpoint === undefined) return;
  const revoked = fetch(config.revocationEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: config.clientId,
    }),
    cache: 'no-store',
    credentials: 'omit',
    keepalive: true,
  }).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([revoked, new Promise((resolve) => setTimeout(resolve, REVOKE_TIMEOUT_MS))]);
}

/**
 * The session a token response makes.
 *
 * @param {Record<string, unknown>} body
 * @param {OidcSignInConfig} config
 * @param {{ nonce?: string, previous?: OidcSession }} context
 * @returns {OidcSession}
 */
function sessionFrom(body, config, context) {
  const idToken = body.id_token;
  if (typeof idToken !== 'string')
    throw new SignInFailure(
      'The identity provider sent no ID token. The console’s client must be allowed the "openid" scope.',
    );
  let claims;
  try {
    claims = claimsOf(idToken);
  } catch (error) {
    throw new SignInFailure('The identity provider sent an ID token the console cannot read.', {
      cause: error,
    });
  }
  const mismatch = idTokenMismatch(claims, {
    issuer: config.issuer,
    clientId: config.clientId,
    nonce: context.nonce,
  });
  if (mismatch) throw new SignInFailure(`The console did not use the sign-in it received: ${mismatch}.`);
  const refreshToken =
    typeof body.refresh_token === 'string' ? body.refresh_token : context.previous?.refreshToken;
  return {
    idToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: Date.now() + lifetimeOf(claims, body.expires_in) * 1000,
  };
}

/**
 * @param {Storage} storage
 * @param {string} key
 * @returns {unknown}
 */
function readJson(storage, key) {
  const text = storage.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * @param {unknown} value
 * @returns {value is OidcSession}
 */
function isSession(value) {
  const session = /** @type {Partial<OidcSession> | undefined} */ (value);
  return typeof session?.idToken === 'string' && typeof session.expiresAt === 'number';
}

/**
 * @param {unknown} value
 * @returns {value is PendingSignIn}
 */
function isPending(value) {
  const pending = /** @type {Partial<PendingSignIn> | undefined} */ (value);
  return (
    typeof pending?.state === 'string' &&
    typeof pending.nonce === 'string' &&
    typeof pending.verifier === 'string' &&
    typeof pending.returnTo === 'string'
  );
}

/**
 * The sign-in through an OpenID Connect provider.
 *
 * @param {OidcSignInConfig} config
 * @param {Storage} storage the tab's `sessionStorage`
 * @returns {SignInStrategy}
 */
export function oidcSignIn(config, storage) {
  /** What to tell the editor the next time the sign-in view shows, when the console itself has something to say. */
  /** @type {string | undefined} */
  let notice;
  /** The renewal under way, so requests made at once share one. */
  /** @type {Promise<string | undefined> | undefined} */
  let renewal;
  /** Counts sign-outs: a renewal that answers after one began keeps nothing. */
  let signOuts = 0;

  function forget() {
    storage.removeItem(SESSION_KEY);
    storage.removeItem(PENDING_KEY);
  }

  /**
   * @param {OidcSession} session
   * @returns {Promise<string | undefined>}
   */
  async function renew(session) {
    const signOutsBefore = signOuts;
    try {
      const body = await postTokenRequest(config.tokenEndpoint, {
        grant_type: 'refresh_token',
        client_id: config.clientId,
        refresh_token: session.refreshToken ?? '',
      });
      const renewed = sessionFrom(body, config, { previous: session });
      // Signed out meanwhile: storing it would sign the tab back in.
      if (signOuts !== signOutsBefore) return undefined;
      storage.setItem(SESSION_KEY, JSON.stringify(renewed));
      return renewed.idToken;
    } catch (error) {
      forget();
      notice =
        error instanceof SignInFailure && error.code === 'invalid_grant'
          ? 'Your sign-in has expired. Sign in again.'
          : `Your sign-in expired and could not be renewed. ${error instanceof Error ? error.message : ''} Sign in again.`;
      return undefined;
    }
  }

  /** Sends the tab to the provider. */
  async function start() {
    const verifier = randomToken(32);
    /** @type {PendingSignIn} */
    const pending = { state: randomToken(), nonce: randomToken(), verifier, returnTo: window.location.hash };
    const challenge = await codeChallenge(verifier);
    storage.setItem(PENDING_KEY, JSON.stringify(pending));
    window.location.assign(
      authorizationUrl(config, {
        redirectUri: redirectUriOf(window.location),
        state: pending.state,
        nonce: pending.nonce,
        challenge,
      }),
    );
  }

  return {
    kind: 'oidc',

    async credential() {
      const session = readJson(storage, SESSION_KEY);
      if (!isSession(session)) return undefined;
      if (Date.now() < session.expiresAt - RENEW_BEFORE_MS) return session.idToken;
      if (!session.refreshToken) {
        forget();
        notice = 'Your sign-in has expired. Sign in again.';
        return undefined;
      }
      renewal ??= renew(session).finally(() => {
        renewal = undefined;
      });
      return renewal;
    },

    async resume() {
      if (storage.getItem(SIGNED_OUT_KEY) !== null) {
        storage.removeItem(SIGNED_OUT_KEY);
        notice = 'You are signed out.';
      }
      const params = new URLSearchParams(window.location.search);
      const code = params.get('code');
      const error = params.get('error');
      if (code === null && error === null) return;
      const pending = readJson(storage, PENDING_KEY);
      storage.removeItem(PENDING_KEY);
      // The code is single-use and must not stay in the address bar, the history or a bookmark.
      window.history.replaceState(
        null,
        '',
        `${window.location.pathname}${isPending(pending) ? pending.returnTo : window.location.hash}`,
      );
      if (!isPending(pending) || params.get('state') !== pending.state) {
        notice =
          'The answer from the identity provider does not belong to a sign-in started in this tab, so the console did not use it. Sign in again.';
        return;
      }
      if (code === null) {
        const description = params.get('error_description');
        notice = `The identity provider did not sign you in (${error}${description ? `: ${description}` : ''}).`;
        return;
      }
      try {
        const body = await postTokenRequest(config.tokenEndpoint, {
          grant_type: 'authorization_code',
          client_id: config.clientId,
          code,
          redirect_uri: redirectUriOf(window.location),
          code_verifier: pending.verifier,
        });
        storage.setItem(SESSION_KEY, JSON.stringify(sessionFrom(body, config, { nonce: pending.nonce })));
      } catch (caught) {
        forget();
        notice = `Signing in did not complete. ${caught instanceof Error ? caught.message : String(caught)}`;
      }
    },

    render(container, context) {
      const said = context.message ?? notice;
      notice = undefined;
      const error = h('p', { id: 'sign-in-error', class: 'field-error', role: 'alert' });
      const button = h('button', { type: 'button' }, 'Sign in');
      button.addEventListener('click', async () => {
        button.disabled = true;
        error.textContent = '';
        try {
          await start();
        } catch (caught) {
          button.disabled = false;
          error.textContent = `Signing in could not start: ${caught instanceof Error ? caught.message : String(caught)}. The console must be opened over https.`;
        }
      });
      replaceChildren(
        container,
        h('h1', { tabindex: '-1' }, 'Sign in'),
        said ? h('p', { class: 'notice', role: 'alert' }, said) : null,
        h(
          'p',
          { id: 'sign-in-hint', class: 'hint' },
          'Sign in with your editor account. The sign-in page of your organisation opens, and brings you back here. You stay signed in in this tab only, until you sign out or close it.',
        ),
        button,
        error,
      );
    },

    forget,

    async signOut() {
      signOuts++;
      const session = readJson(storage, SESSION_KEY);
      // Forgotten first: the tab holds nothing while the provider is asked.
      forget();
      if (isSession(session) && session.refreshToken !== undefined)
        await revokeRefreshToken(config, session.refreshToken);
      if (config.endSessionEndpoint === undefined) return false;
      storage.setItem(SIGNED_OUT_KEY, 'true');
      const url = new URL(config.endSessionEndpoint);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('logout_uri', redirectUriOf(window.location));
      window.location.assign(url.href);
      return true;
    },
  };
}
