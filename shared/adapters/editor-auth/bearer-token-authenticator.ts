import type { EditorIdentity } from '../../domain/editorial';
import type { EditorAuthenticator, EditorCredentials } from '../../ports/editor-authenticator';
import { constantTimeEqual } from './constant-time-equal';
import { editorUnauthorized } from './unauthorized';

/** The one editor a shared token stands for; recorded on every revision an editor makes locally. */
export const LOCAL_EDITOR: EditorIdentity = { id: 'local-editor' };

/** RFC 6750 §2.1: the scheme is case-insensitive, the token is token68 characters. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Local authentication: `Authorization: Bearer <EDITOR_TOKEN>` proves the local editor. The token
 * is compared in constant time, so its characters cannot be guessed one by one from answer times.
 */
export class BearerTokenAuthenticator implements EditorAuthenticator {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  async authenticate(credentials: EditorCredentials): Promise<EditorIdentity> {
    const given = BEARER.exec(credentials.authorization ?? '')?.[1];
    if (given === undefined || !constantTimeEqual(given, this.#token)) throw editorUnauthorized();
    return LOCAL_EDITOR;
  }
}
