import type { EditorAuthConfig } from '../../config/runtime-config';
import type { EditorAuthenticator } from '../../ports/editor-authenticator';
import { BearerTokenAuthenticator } from './bearer-token-authenticator';
import { JwtClaimsAuthenticator } from './jwt-claims-authenticator';

/** The authenticator the configuration names: a shared token locally, the JWT authorizer's claims in AWS. */
export function editorAuthenticatorFor(config: EditorAuthConfig): EditorAuthenticator {
  return config.mode === 'token' ? new BearerTokenAuthenticator(config.token) : new JwtClaimsAuthenticator();
}
