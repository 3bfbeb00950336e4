import type { EditorIdentity } from '../domain/editorial';

/**
 * What a request offers to prove who sends it, taken from the transport by the handler: the
 * `Authorization` header, and the claims an API Gateway JWT authorizer verified before the function
 * ran (absent locally and when no authorizer is attached).
 */
export interface EditorCredentials {
  authorization?: string;
  claims?: Readonly<Record<string, unknown>>;
}

/**
 * The identity seam of the editor API (docs/decisions/0024-editor-identity-seam.md): it turns a
 * request's credentials into the editor recorded on every revision, so the use cases never see
 * tokens or claims. Locally a bearer token stands for one editor; in AWS the JWT authorizer's
 * claims name each one.
 */
export interface EditorAuthenticator {
  /** The editor the credentials prove, or an `UnauthorizedError` (401, `WWW-Authenticate: Bearer`). */
  authenticate(credentials: EditorCredentials): Promise<EditorIdentity>;
}
