import type { EditorIdentity } from '../../domain/editorial';
import type { EditorAuthenticator, EditorCredentials } from '../../ports/editor-authenticator';
import { editorUnauthorized } from './unauthorized';

function claim(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * AWS authentication: the HTTP API's JWT authorizer verified the token's signature, issuer,
 * audience and expiry before the function ran, and hands over its claims. The editor is the
 * token's `sub`; `email` (else `name`) is what other editors see. No claims means no authorizer
 * ran (a misconfigured route), and is refused rather than trusted.
 */
export class JwtClaimsAuthenticator implements EditorAuthenticator {
  async authenticate(credentials: EditorCredentials): Promise<EditorIdentity> {
    const claims = credentials.claims;
    const id = claims ? claim(claims, 'sub') : undefined;
    if (!claims || id === undefined) throw editorUnauthorized();
    const displayName = claim(claims, 'email') ?? claim(claims, 'name');
    return displayName === undefined ? { id } : { id, displayName };
  }
}
