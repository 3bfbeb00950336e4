import { Command } from 'commander';
import { apiBaseUrl } from '../api-connection';
import { CredentialsStore } from '../sign-in/stored-credentials';
import { examples, globalOptions } from './command-options';

/** `synd logout`: forgets the sign-in stored for the API. */
export function logoutCommand(): Command {
  return new Command('logout')
    .description('delete the sign-in synd login stored for the API')
    .addHelpText('after', examples('synd logout --api-url https://news.example'))
    .action(async (_options: unknown, command: Command) => {
      const apiUrl = apiBaseUrl(globalOptions(command));
      const store = CredentialsStore.fromEnvironment();
      if (await store.remove(apiUrl)) {
        console.log(`Signed out of ${apiUrl}: its tokens are deleted from ${store.file}.`);
      } else {
        console.log(`Not signed in to ${apiUrl}: nothing to delete.`);
      }
    });
}
