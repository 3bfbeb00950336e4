import { spawn } from 'node:child_process';
import { Command } from 'commander';
import {
  CLI_SIGN_IN_CALLBACK_PATH,
  CLI_SIGN_IN_PORT,
  CLI_SIGN_IN_REDIRECT_URI,
} from '../../shared/editor-api/cli-sign-in';
import { apiBaseUrl, tokenSource } from '../api-connection';
import { UsageError } from '../cli-errors';
import { readDeploymentSignIn } from '../sign-in/deployment-sign-in';
import { listenForCallback } from '../sign-in/loopback-callback';
import { authorizationUrl, exchangeCode, pendingSignIn } from '../sign-in/oidc-tokens';
import { CredentialsStore } from '../sign-in/stored-credentials';
import { examples, globalOptions, wholeNumber } from './command-options';

interface LoginOptions {
  open?: boolean;
  timeout: number;
}

/** How long `synd login` waits for the editor to sign in, by default. */
const DEFAULT_TIMEOUT_SECONDS = 300;

/** Asks the desktop to open `url` in the browser; a failure only means the editor opens it by hand. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => {
    console.error(`(could not start ${command}: open the address above yourself)`);
  });
  child.unref();
}

/**
 * `synd login`: signs an editor in to a deployment in AWS the way the console does (authorization
 * code with PKCE at the deployment's identity provider, read from the console's `config.json`),
 * receiving the answer on a loopback address, and stores the tokens for this user only.
 */
export function loginCommand(): Command {
  return new Command('login')
    .description('sign in to a deployment in AWS with your editor account; synd then sends that sign-in')
    .option('--open', 'open the sign-in address in the browser (default: print it only)')
    .option(
      '--timeout <seconds>',
      'how long to wait for the sign-in',
      wholeNumber(10, 3600),
      DEFAULT_TIMEOUT_SECONDS,
    )
    .addHelpText(
      'after',
      `
Open the address synd prints (or pass --open) in a browser on this machine and sign in; the sign-in
page then sends the browser back to ${CLI_SIGN_IN_REDIRECT_URI}, where synd waits. The tokens are
kept in $XDG_CONFIG_HOME/synd/credentials.json (~/.config/synd/ by default), readable by you only,
and used for that API address only; synd renews them as they lapse. synd logout deletes them and revokes the refresh token.
${examples(
  'synd login --api-url https://news.example',
  'synd login --api-url https://news.example --open',
  'synd articles list --api-url https://news.example',
)}`,
    )
    .action(async (options: LoginOptions, command: Command) => {
      const global = globalOptions(command);
      // The local run has no identity provider: its token is read from its data directory.
      if (!global.apiUrl && !process.env.SYND_API_URL) {
        throw new UsageError('which deployment? pass --api-url https://<site> (or set SYND_API_URL)');
      }
      const siteUrl = apiBaseUrl(global);
      const deployment = await readDeploymentSignIn(siteUrl);
      const pending = pendingSignIn(CLI_SIGN_IN_REDIRECT_URI);
      const listener = await listenForCallback({
        port: CLI_SIGN_IN_PORT,
        path: CLI_SIGN_IN_CALLBACK_PATH,
        state: pending.state,
        timeoutMs: options.timeout * 1000,
      });
      try {
        const address = authorizationUrl(deployment.signIn, pending);
        console.error(
          `Sign in to ${siteUrl} in a browser on this machine${options.open ? ' (opening it now)' : ''}:\n\n  ${address}\n\n` +
            `Waiting for the sign-in (at most ${options.timeout} s; Ctrl-C to stop)…`,
        );
        if (options.open) openInBrowser(address);
        const code = await listener.code;
        const tokens = await exchangeCode(deployment.signIn, pending, code);
        const store = CredentialsStore.fromEnvironment();
        await store.put({
          apiUrl: deployment.apiUrl,
          idToken: tokens.idToken,
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
          expiresAt: tokens.expiresAt.toISOString(),
          tokenEndpoint: deployment.signIn.tokenEndpoint,
          ...(deployment.signIn.revocationEndpoint === undefined
            ? {}
            : { revocationEndpoint: deployment.signIn.revocationEndpoint }),
          clientId: deployment.signIn.clientId,
          issuer: deployment.signIn.issuer,
          editor: tokens.editor,
        });
        console.log(`Signed in to ${deployment.apiUrl} as ${tokens.editor}.`);
        if (deployment.apiUrl !== siteUrl) {
          console.log(`The editor API is at ${deployment.apiUrl}: pass that as --api-url (or SYND_API_URL).`);
        }
        const source = tokenSource(global);
        if (source !== 'token file') {
          console.error(`Note: ${source} is set and is sent instead of this sign-in until you remove it.`);
        }
      } finally {
        await listener.close();
      }
    });
}
