import { editorTokenFile, localDataDir, readEditorTokenFile } from '../local/editor-token-file';
import { localRunUrl } from '../local/local-config';
import type { ConfigurationError } from '../shared/errors/configuration-error';
import { MissingTokenError, UsageError } from './cli-errors';
import { EditorApiClient } from './editor-api-client';
import { signedInToken } from './sign-in/signed-in-token';
import { CredentialsStore } from './sign-in/stored-credentials';

/** The options every editor command takes from `synd` itself. */
export interface GlobalOptions {
  apiUrl?: string;
  token?: string;
  json?: boolean;
}

/** Where the token came from, to say which one to fix when the API refuses it. */
export type TokenSource = '--token' | 'SYND_TOKEN' | 'synd login' | 'token file';

/** The API to talk to, and how. */
export interface ApiConnection {
  client: EditorApiClient;
  baseUrl: string;
  /** True for this machine, where `npm start` runs. */
  local: boolean;
}

type Environment = Record<string, string | undefined>;

/** Where the API is: `--api-url`, else `SYND_API_URL`, else the local run (`http://localhost:$PORT`, 3000). */
export function apiBaseUrl(options: GlobalOptions, env: Environment = process.env): string {
  const [value, source] = options.apiUrl
    ? [options.apiUrl, '--api-url']
    : env.SYND_API_URL
      ? [env.SYND_API_URL, 'SYND_API_URL']
      : [undefined, 'PORT'];
  if (value === undefined) {
    try {
      return localRunUrl(env);
    } catch (error) {
      throw new UsageError((error as ConfigurationError).message, { cause: error });
    }
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} "${value}" is not a URL; give one like http://localhost:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} "${value}" must be an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

/** True when `baseUrl` names this machine (a loopback address), where a local run's token file applies. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

/**
 * Which source the token is taken from. Without `baseUrl` nothing is read (a stored sign-in counts
 * as the token file); with it, the credentials file is looked at, for an error's hint.
 */
export function tokenSource(
  options: GlobalOptions,
  env: Environment = process.env,
  baseUrl?: string,
): TokenSource {
  if (options.token) return '--token';
  if (env.SYND_TOKEN) return 'SYND_TOKEN';
  if (baseUrl !== undefined && CredentialsStore.fromEnvironment(env).hasSync(baseUrl)) return 'synd login';
  return 'token file';
}

/**
 * The client for the API the options and environment name. The token is `--token`, else
 * `SYND_TOKEN`, else the sign-in `synd login` stored for exactly this API (renewed when it has
 * lapsed), else, for an API on this machine only, the one `npm start` wrote to its data directory;
 * neither stored token ever goes to another host.
 */
export async function connectToApi(
  options: GlobalOptions,
  env: Environment = process.env,
): Promise<ApiConnection> {
  const baseUrl = apiBaseUrl(options, env);
  const local = isLoopback(baseUrl);
  let token = options.token || env.SYND_TOKEN;
  if (!token) token = await signedInToken(CredentialsStore.fromEnvironment(env), baseUrl);
  if (!token && local) {
    const dataDir = localDataDir(env);
    token = await readEditorTokenFile(dataDir);
    if (!token) {
      throw new MissingTokenError(
        `no editor token: ${editorTokenFile(dataDir)} does not exist; start the pipeline with npm start ` +
          '(it writes the token there), or set SYND_TOKEN or pass --token',
      );
    }
  }
  if (!token) {
    throw new MissingTokenError(
      `no editor token for ${baseUrl}: sign in with synd login --api-url ${baseUrl}, or set SYND_TOKEN (or pass --token)`,
    );
  }
  return { client: new EditorApiClient({ baseUrl, token }), baseUrl, local };
}
