import { createHash, randomBytes } from 'node:crypto';
import { SignInError, UnreachableError } from '../cli-errors';
import type { OidcSignIn } from './deployment-sign-in';

/** How long `synd` waits for the token endpoint. */
const TOKEN_TIMEOUT_MS = 20_000;
/** How long `synd logout` waits for the revocation: the sign-in is deleted here whatever it answers. */
const REVOKE_TIMEOUT_MS = 5_000;
/** The ID token's lifetime when neither the token nor the response states one: renew early rather than late. */
const ASSUMED_LIFETIME_S = 300;

/** Unguessable base64url text of `byteLength` random bytes: 32 make a 43-character PKCE verifier (RFC 7636 §4.1). */
export function randomToken(byteLength = 32): string {
  return randomBytes(byteLength).toString('base64url');
}

/** The `S256` challenge of a PKCE verifier: base64url(SHA-256(verifier)). */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The secrets of one authorization request, kept in the process until the provider answers. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

/** A new authorization request's secrets. */
export function pendingSignIn(redirectUri: string): PendingSignIn {
  return { state: randomToken(), nonce: randomToken(), verifier: randomToken(32), redirectUri };
}

/** The authorization request (OpenID Connect Core §3.1.2.1 with RFC 7636's challenge), as the console makes it. */
export function authorizationUrl(signIn: OidcSignIn, pending: PendingSignIn): string {
  const url = new URL(signIn.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', signIn.clientId);
  url.searchParams.set('redirect_uri', pending.redirectUri);
  url.searchParams.set('scope', signIn.scopes.join(' '));
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', codeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

/** The claims of a JWT, read without verifying its signature: it came straight from the token endpoint over TLS, and the API's authorizer verifies it. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) throw new Error('not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('not a JWT');
  return claims as Record<string, unknown>;
}

/** Why an ID token is not the one this sign-in asked for, in words; `undefined` when it is. */
export function idTokenMismatch(
  claims: Record<string, unknown>,
  expected: { issuer: string; clientId: string; nonce?: string },
): string | undefined {
  if (claims.iss !== expected.issuer)
    return `it was issued by ${JSON.stringify(claims.iss)}, not by the deployment's issuer ${expected.issuer}`;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.clientId))
    return `it is meant for ${JSON.stringify(claims.aud)}, not for the deployment's client ${expected.clientId}`;
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce)
    return 'it does not answer the sign-in synd started (its nonce differs)';
  if (typeof claims.sub !== 'string' || claims.sub === '') return 'it names no editor (no sub)';
  return undefined;
}

/** How long a token is valid: `exp - iat` when it says (a wrong local clock then matters less), else `expires_in`. */
export function lifetimeSeconds(claims: Record<string, unknown>, expiresIn: unknown): number {
  if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat)
    return claims.exp - claims.iat;
  if (typeof expiresIn === 'number' && expiresIn > 0) return expiresIn;
  return ASSUMED_LIFETIME_S;
}

/** Tokens from one answer of the token endpoint, checked. */
export interface IssuedTokens {
  idToken: string;
  /** Absent when the provider keeps the one it gave before (Cognito, on a refresh). */
  refreshToken?: string;
  expiresAt: Date;
  /** The ID token's `email`, else its `sub`: who `synd` acts as, to say so. */
  editor: string;
}

/** Posts a form to an endpoint of the identity provider; the answer's status and text. */
async function postForm(
  endpoint: string,
  form: Record<string, string>,
  timeoutMs = TOKEN_TIMEOUT_MS,
): Promise<{ response: Response; text: string }> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { response, text: await response.text() };
  } catch (error) {
    throw new UnreachableError(
      `cannot reach the identity provider at ${endpoint}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** An answer's JSON object, if it holds one. */
function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The provider's refusal, in its own words (RFC 6749 §5.2's `error` and `error_description`) when it gave them. */
function refusal(body: Record<string, unknown> | undefined, status: number): SignInError {
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
  const said = [code, description].filter(Boolean).join(': ');
  return new SignInError(
    `the identity provider refused${said ? ` (${said})` : ` with status ${status}`}`,
    code === undefined ? {} : { code },
  );
}

/** Posts a form to the token endpoint (RFC 6749 §3.2) and returns its JSON answer. */
async function postTokenRequest(
  endpoint: string,
  form: Record<string, string>,
): Promise<Record<string, unknown>> {
  const { response, text } = await postForm(endpoint, form);
  const body = jsonObjectOf(text);
  if (!response.ok || body === undefined) throw refusal(body, response.status);
  return body;
}

function tokensFrom(
  body: Record<string, unknown>,
  expected: { issuer: string; clientId: string; nonce?: string },
  now: Date,
): IssuedTokens {
  const idToken = body.id_token;
  if (typeof idToken !== 'string')
    throw new SignInError(
      'the identity provider sent no ID token; the client must be allowed the "openid" scope',
    );
  let claims: Record<string, unknown>;
  try {
    claims = claimsOf(idToken);
  } catch (error) {
    throw new SignInError('the identity provider sent an ID token synd cannot read', { cause: error });
  }
  const mismatch = idTokenMismatch(claims, expected);
  if (mismatch) throw new SignInError(`synd did not use the token it received: ${mismatch}`);
  return {
    idToken,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    expiresAt: new Date(now.getTime() + lifetimeSeconds(claims, body.expires_in) * 1000),
    editor: typeof claims.email === 'string' ? claims.email : String(claims.sub),
  };
}

/** Exchanges the authorization code, proving with the PKCE verifier that this process asked for it. */
export async function exchangeCode(
  signIn: OidcSignIn,
  pending: PendingSignIn,
  code: string,
  now: () => Date = () => new Date(),
): Promise<IssuedTokens> {
  const body = await postTokenRequest(signIn.tokenEndpoint, {
    grant_type: 'authorization_code',
    client_id: signIn.clientId,
    code,
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
  });
  return tokensFrom(body, { issuer: signIn.issuer, clientId: signIn.clientId, nonce: pending.nonce }, now());
}

/** A new ID token for a refresh token (RFC 6749 §6). */
export async function refreshTokens(
  client: { tokenEndpoint: string; clientId: string; issuer: string },
  refreshToken: string,
  now: () => Date = () => new Date(),
): Promise<IssuedTokens> {
  const body = await postTokenRequest(client.tokenEndpoint, {
    grant_type: 'refresh_token',
    client_id: client.clientId,
    refresh_token: refreshToken,
  });
  return tokensFrom(body, { issuer: client.issuer, clientId: client.clientId }, now());
}

/**
 * Revokes a refresh token at the provider (RFC 7009; Cognito's `/oauth2/revoke`), so that a copy of
 * the credentials file left behind cannot renew the sign-in. An ID token already issued stays valid
 * until it lapses (at most an hour with the stack's app client): the API's JWT authorizer checks its
 * signature and expiry, not the provider. A token the provider no longer knows is revoked all the
 * same (§2.2: it answers 200). Throws `SignInError` when the provider refuses, `UnreachableError`
 * when it does not answer within five seconds.
 */
export async function revokeRefreshToken(
  client: { revocationEndpoint: string; clientId: string },
  refreshToken: string,
): Promise<void> {
  const { response, text } = await postForm(
    client.revocationEndpoint,
    { token: refreshToken, token_type_hint: 'refresh_token', client_id: client.clientId },
    REVOKE_TIMEOUT_MS,
  );
  if (!response.ok) throw refusal(jsonObjectOf(text), response.status);
}
