import { UnauthorizedError } from '../../errors/http-errors';

/**
 * The one refusal of the editor API for every credential problem (none, another scheme, a wrong
 * token, missing claims): the same words each time, so a caller learns nothing about which, and
 * `WWW-Authenticate: Bearer` as RFC 6750 asks of a 401.
 */
export function editorUnauthorized(cause?: unknown): UnauthorizedError {
  return new UnauthorizedError({
    detail: 'Send an editor token as "Authorization: Bearer <token>".',
    headers: { 'www-authenticate': 'Bearer realm="editor"' },
    cause,
  });
}
