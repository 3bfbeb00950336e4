// @ts-check
/**
 * The random values and the proof key of an OAuth 2.0 authorization code request with PKCE
 * (RFC 7636, method `S256`), from the browser's Web Crypto: no library, nothing to trust but the
 * platform. The console is a public client without a secret; the verifier kept in the tab is what
 * proves that the code coming back belongs to the sign-in this tab started.
 */

/** The characters RFC 7636 allows in a code verifier (its "unreserved" set). */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Bytes as base64url without padding (RFC 4648 §5), as PKCE and JWTs spell them.
 *
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Unguessable text of `byteLength` random bytes, base64url: 32 bytes (the default) make a
 * 43-character code verifier, the shortest RFC 7636 allows and 256 bits of entropy.
 *
 * @param {number} [byteLength]
 * @returns {string}
 */
export function randomToken(byteLength = 32) {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

/**
 * Whether `value` is a code verifier RFC 7636 accepts: 43 to 128 unreserved characters.
 *
 * @param {string} value
 * @returns {boolean}
 */
export function isCodeVerifier(value) {
  return VERIFIER_PATTERN.test(value);
}

/**
 * The `S256` code challenge of a verifier: base64url(SHA-256(ASCII(verifier))).
 *
 * @param {string} verifier
 * @returns {Promise<string>}
 */
export async function codeChallenge(verifier) {
  if (!isCodeVerifier(verifier)) throw new Error('a code verifier is 43 to 128 unreserved characters');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
