import { MissingTokenError, SignInError } from '../cli-errors';
import { refreshTokens } from './oidc-tokens';
import type { CredentialsStore, StoredSession } from './stored-credentials';

/** How long before the ID token lapses it is renewed, so no request leaves with a token about to expire. */
export const RENEW_BEFORE_MS = 60_000;

/** The sign-in stored for an API has lapsed and cannot be renewed: only `synd login` helps. Exit 3, as for no token. */
export class SignInExpiredError extends MissingTokenError {
  override name = 'SignInExpiredError';
}

/**
 * The ID token `synd login` stored for `apiUrl`, renewed with the refresh token when it has lapsed
 * (or is about to), and the file rewritten; `undefined` when nobody signed in there. A refresh
 * token the provider refuses (expired, revoked) is forgotten; a provider that cannot be reached
 * leaves the session as it was, for the next try.
 */
export async function signedInToken(
  store: CredentialsStore,
  apiUrl: string,
  now: () => Date = () => new Date(),
): Promise<string | undefined> {
  const session = await store.get(apiUrl);
  if (session === undefined) return undefined;
  if (now().getTime() < Date.parse(session.expiresAt) - RENEW_BEFORE_MS) return session.idToken;
  const again = `run synd login --api-url ${session.apiUrl} again`;
  if (session.refreshToken === undefined) {
    throw new SignInExpiredError(`your sign-in to ${session.apiUrl} has expired: ${again}`);
  }
  let renewed: Awaited<ReturnType<typeof refreshTokens>>;
  try {
    renewed = await refreshTokens(session, session.refreshToken, now);
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    if (error.code === 'invalid_grant') await store.remove(apiUrl);
    throw new SignInExpiredError(
      `your sign-in to ${session.apiUrl} has expired and could not be renewed (${error.message}): ${again}`,
      { cause: error },
    );
  }
  const next: StoredSession = {
    ...session,
    idToken: renewed.idToken,
    // Cognito keeps the refresh token it gave at sign-in; a provider that rotates them sends a new one.
    refreshToken: renewed.refreshToken ?? session.refreshToken,
    expiresAt: renewed.expiresAt.toISOString(),
    editor: renewed.editor,
  };
  await store.put(next);
  return next.idToken;
}
