import { Command } from 'commander';
import { apiBaseUrl } from '../api-connection';
import { revokeRefreshToken } from '../sign-in/oidc-tokens';
import { CredentialsStore, type StoredSession } from '../sign-in/stored-credentials';
import { examples, globalOptions } from './command-options';

/**
 * What became of the session's refresh token at the provider, in words for stderr; undefined when it
 * was revoked or there was none. The tokens are deleted on this machine either way: a provider that
 * cannot be reached must not keep an editor signed in here.
 */
async function revocationNote(session: StoredSession): Promise<string | undefined> {
  if (session.refreshToken === undefined) return undefined;
  if (session.revocationEndpoint === undefined) {
    return 'this sign-in was stored without a revocation endpoint (the deployment names none, or named none when you signed in), so the refresh token stays valid at the identity provider until it expires';
  }
  try {
    await revokeRefreshToken(
      { revocationEndpoint: session.revocationEndpoint, clientId: session.clientId },
      session.refreshToken,
    );
    return undefined;
  } catch (error) {
    return `${(error as Error).message}, so the refresh token stays valid there until it expires`;
  }
}

/** `synd logout`: revokes the refresh token `synd login` stored for the API, and deletes the sign-in. */
export function logoutCommand(): Command {
  return new Command('logout')
    .description('revoke the sign-in synd login stored for the API, and delete it')
    .addHelpText('after', examples('synd logout --api-url https://news.example'))
    .action(async (_options: unknown, command: Command) => {
      const apiUrl = apiBaseUrl(globalOptions(command));
      const store = CredentialsStore.fromEnvironment();
      const session = await store.remove(apiUrl);
      if (session === undefined) {
        console.log(`Not signed in to ${apiUrl}: nothing to delete.`);
        return;
      }
      const note = await revocationNote(session);
      console.log(
        `Signed out of ${apiUrl}: its tokens are deleted from ${store.file}${note === undefined && session.refreshToken !== undefined ? ', and the identity provider revoked its refresh token' : ''}.`,
      );
      if (note !== undefined) console.error(`Note: ${note}.`);
    });
}
