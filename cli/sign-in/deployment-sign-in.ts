import { UnreachableError, UsageError } from '../cli-errors';

/** How long `synd login` waits for the deployment's `config.json`. */
const CONFIG_TIMEOUT_MS = 20_000;

/**
 * The `oidc` sign-in of a deployment, as the console's `config.json` states it and
 * console/config.js checks it (https endpoints, a client id, scopes with `openid`).
 */
export interface OidcSignIn {
  kind: 'oidc';
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  /** Where a refresh token is revoked (RFC 7009), when the deployment names it: `synd logout` does. */
  revocationEndpoint?: string;
  scopes: string[];
}

/** What `config.json` says once checked: where the API is (`''`: the site's own origin) and how to sign in. */
interface ConsoleConfig {
  apiBaseUrl: string;
  signIn: { kind: 'token' } | OidcSignIn;
}

/** What `synd login` needs of a deployment: the API's address and its identity provider. */
export interface DeploymentSignIn {
  /** The editor API's base URL: the site's, unless `config.json` names another origin. */
  apiUrl: string;
  signIn: OidcSignIn;
}

/**
 * console/config.js's check of `config.json`, so the command line and the console accept exactly
 * the same configurations. The console is plain JavaScript type-checked by its own project
 * (tsconfig.console.json), which this one does not compile: it is loaded by address, typed here.
 */
async function parseConsoleConfig(value: unknown): Promise<ConsoleConfig> {
  const module = (await import(new URL('../../console/config.js', import.meta.url).href)) as {
    parseConsoleConfig(value: unknown): ConsoleConfig;
  };
  return module.parseConsoleConfig(value);
}

/** Where the console of the site at `siteUrl` publishes its configuration. */
export function consoleConfigUrl(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/editor/config.json`;
}

/**
 * Reads the deployment's sign-in from the console's `config.json` beside the site: the command line
 * signs in where the console does, so a deployment has one place that says so. Refuses a site
 * reached over plain http (except this machine's loopback): whoever could alter the answer could
 * send the editor to a sign-in page of their own.
 */
export async function readDeploymentSignIn(siteUrl: string): Promise<DeploymentSignIn> {
  const site = new URL(siteUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(site.hostname);
  if (site.protocol !== 'https:' && !loopback) {
    throw new UsageError(`${siteUrl} is not an https:// address; synd login signs in over https only`);
  }
  const address = consoleConfigUrl(siteUrl);
  let response: Response;
  let text: string;
  try {
    response = await fetch(address, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new UnreachableError(`cannot read ${address}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    throw new UsageError(
      `${address} answered ${response.status}: is ${siteUrl} the address of a deployment's site (the one serving /editor/)?`,
    );
  }
  let config: ConsoleConfig;
  try {
    config = await parseConsoleConfig(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${address} cannot be used to sign in: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (config.signIn.kind !== 'oidc') {
    throw new UsageError(
      `${siteUrl} signs editors in with a token, not an identity provider: there is nothing to log in to. ` +
        'Locally synd reads the token npm start wrote; elsewhere set SYND_TOKEN or pass --token',
    );
  }
  return { apiUrl: config.apiBaseUrl === '' ? siteUrl : config.apiBaseUrl, signIn: config.signIn };
}
