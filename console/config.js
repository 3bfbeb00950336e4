// @ts-check
/**
 * `config.json`, published beside the console: where the editor API is and how editors sign in.
 * Locally `{ "apiBaseUrl": "", "signIn": { "kind": "token" } }` (the API on the console's own
 * origin, the printed token); the AWS deployment writes its own with the identity provider
 * (docs/console.md). A configuration the console cannot use safely is refused with a sentence
 * naming the field, before anything is sent anywhere.
 */

/** @typedef {import('./sign-in.js').SignInConfig} SignInConfig */

/**
 * @typedef {object} ConsoleConfig
 * @property {string} apiBaseUrl the API's origin, `''` for the console's own (the CSP allows only that)
 * @property {SignInConfig} signIn
 */

/** What the console asks for when the configuration names no scopes: an ID token with the editor's email and name. */
export const DEFAULT_SCOPES = Object.freeze(['openid', 'email', 'profile']);

/** Hosts where plain http is allowed, so tests can run an identity provider of their own. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute https address (http only on this machine's loopback): tokens and codes never travel
 * in the clear.
 *
 * @param {unknown} value
 * @param {string} field the field's name in config.json, for the message
 * @returns {string}
 */
function secureUrl(value, field) {
  const rule = `${field} must be an https:// address (http:// only for localhost)`;
  if (typeof value !== 'string' || value === '') throw new Error(`${rule}; it is missing`);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${rule}, not ${JSON.stringify(value)}`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) throw new Error(`${rule}, not ${JSON.stringify(value)}`);
  if (url.username !== '' || url.password !== '' || url.hash !== '')
    throw new Error(`${field} must not carry a user name, a password or a #fragment`);
  return value;
}

/**
 * @param {unknown} value
 * @returns {string[]}
 */
function scopesOf(value) {
  if (value === undefined) return [...DEFAULT_SCOPES];
  if (
    !Array.isArray(value) ||
    !value.every((scope) => typeof scope === 'string' && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope))
  )
    throw new Error('signIn.scopes must be a list of scope names without spaces, e.g. ["openid", "email"]');
  // Without `openid` the provider issues no ID token, and the ID token is what the console sends.
  if (!value.includes('openid')) throw new Error('signIn.scopes must include "openid"');
  return value;
}

/**
 * Checks a parsed `config.json` and fills in its defaults.
 *
 * @param {unknown} value
 * @returns {ConsoleConfig}
 */
export function parseConsoleConfig(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('config.json must hold an object');
  const config = /** @type {{ apiBaseUrl?: unknown, signIn?: Record<string, unknown> }} */ (value);
  const givenBase = config.apiBaseUrl ?? '';
  if (typeof givenBase !== 'string') throw new Error('apiBaseUrl must be a string');
  const apiBaseUrl = givenBase === '' ? '' : secureUrl(givenBase, 'apiBaseUrl').replace(/\/+$/, '');
  const signIn = config.signIn ?? { kind: 'token' };
  if (signIn.kind === 'token') return { apiBaseUrl, signIn: { kind: 'token' } };
  if (signIn.kind !== 'oidc')
    throw new Error('signIn.kind must be "token" (the local run) or "oidc" (an identity provider)');
  if (typeof signIn.clientId !== 'string' || signIn.clientId.trim() === '')
    throw new Error('signIn.clientId must name the console’s client at the identity provider');
  return {
    apiBaseUrl,
    signIn: {
      kind: 'oidc',
      issuer: secureUrl(signIn.issuer, 'signIn.issuer'),
      clientId: signIn.clientId,
      authorizationEndpoint: secureUrl(signIn.authorizationEndpoint, 'signIn.authorizationEndpoint'),
      tokenEndpoint: secureUrl(signIn.tokenEndpoint, 'signIn.tokenEndpoint'),
      endSessionEndpoint:
        signIn.endSessionEndpoint === undefined
          ? undefined
          : secureUrl(signIn.endSessionEndpoint, 'signIn.endSessionEndpoint'),
      revocationEndpoint:
        signIn.revocationEndpoint === undefined
          ? undefined
          : secureUrl(signIn.revocationEndpoint, 'signIn.revocationEndpoint'),
      scopes: scopesOf(signIn.scopes),
    },
  };
}

/**
 * Reads `config.json` from beside the console.
 *
 * @returns {Promise<ConsoleConfig>}
 */
export async function loadConsoleConfig() {
  const response = await fetch(new URL('config.json', import.meta.url), { cache: 'no-cache' });
  if (!response.ok) throw new Error('config.json could not be read');
  return parseConsoleConfig(await response.json());
}
