// @ts-check
/**
 * `config.json`, published beside the console: where the editor API is and how editors sign in.
 * Locally `{ "apiBaseUrl": "", "signIn": { "kind": "token" } }` (the API on the console's own
 * origin, the printed token); the AWS deployment writes its own (docs/console.md).
 */

/** @typedef {import('./sign-in.js').SignInConfig} SignInConfig */

/**
 * @typedef {object} ConsoleConfig
 * @property {string} apiBaseUrl the API's origin, `''` for the console's own (the CSP allows only that)
 * @property {SignInConfig} signIn
 */

/**
 * @param {unknown} value
 * @returns {ConsoleConfig}
 */
function parse(value) {
  const config =
    /** @type {{ apiBaseUrl?: unknown, signIn?: { kind?: unknown, issuer?: unknown, clientId?: unknown, scopes?: unknown } }} */ (
      value ?? {}
    );
  const apiBaseUrl = config.apiBaseUrl ?? '';
  if (typeof apiBaseUrl !== 'string') throw new Error('apiBaseUrl must be a string');
  const signIn = config.signIn ?? { kind: 'token' };
  if (signIn.kind === 'token')
    return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''), signIn: { kind: 'token' } };
  if (signIn.kind === 'oidc' && typeof signIn.issuer === 'string' && typeof signIn.clientId === 'string') {
    const scopes = Array.isArray(signIn.scopes) ? signIn.scopes.map(String) : undefined;
    return {
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
      signIn: { kind: 'oidc', issuer: signIn.issuer, clientId: signIn.clientId, scopes },
    };
  }
  throw new Error('signIn must be { "kind": "token" } or { "kind": "oidc", "issuer", "clientId" }');
}

/**
 * Reads `config.json` from beside the console.
 *
 * @returns {Promise<ConsoleConfig>}
 */
export async function loadConsoleConfig() {
  const response = await fetch(new URL('config.json', import.meta.url), { cache: 'no-cache' });
  if (!response.ok) throw new Error('config.json could not be read');
  return parse(await response.json());
}
