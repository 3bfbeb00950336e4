import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as z from '../../shared/config/zod';
import { UsageError } from '../cli-errors';

type Environment = Record<string, string | undefined>;

/** One deployment's sign-in, as `synd login` left it. */
export interface StoredSession {
  /** The editor API this token is sent to, and to no other. */
  apiUrl: string;
  idToken: string;
  refreshToken?: string;
  /** When the ID token lapses (ISO 8601). */
  expiresAt: string;
  tokenEndpoint: string;
  /** Where `synd logout` revokes the refresh token; absent when the deployment names none. */
  revocationEndpoint?: string;
  clientId: string;
  /** The `iss` a renewed ID token must name. */
  issuer: string;
  /** Who signed in (the ID token's email, else its subject), to say so. */
  editor: string;
}

const sessionSchema = z.object({
  apiUrl: z.string(),
  idToken: z.string().check(z.minLength(1)),
  refreshToken: z.optional(z.string().check(z.minLength(1))),
  expiresAt: z.iso.datetime(),
  tokenEndpoint: z.string(),
  revocationEndpoint: z.optional(z.string()),
  clientId: z.string(),
  issuer: z.string(),
  editor: z.string(),
});

const fileSchema = z.object({
  version: z.literal(1),
  sessions: z.record(z.string(), sessionSchema),
});

type CredentialsFile = z.infer<typeof fileSchema>;

/**
 * Where `synd login` keeps its tokens: `$XDG_CONFIG_HOME/synd/credentials.json`, else
 * `~/.config/synd/credentials.json`. Outside any checkout, so a token never lands in a repository.
 */
export function credentialsFile(env: Environment = process.env): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'synd', 'credentials.json');
}

/** The key a session is stored under: the API's address with its host in lower case and no trailing slash. */
export function sessionKey(apiUrl: string): string {
  return new URL(apiUrl).href.replace(/\/+$/, '');
}

function parse(text: string, file: string): CredentialsFile {
  try {
    return fileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new UsageError(
      `${file} is not a credentials file synd can read; delete it and run synd login again`,
      {
        cause: error,
      },
    );
  }
}

async function readAll(file: string): Promise<CredentialsFile> {
  try {
    return parse(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sessions: {} };
    throw error;
  }
}

/**
 * Writes the whole file, readable by this user only: a temporary file made with mode 0600 in the
 * same directory (0700), renamed over the old one, so a reader never sees half a file and the
 * tokens are never readable by others, not even for a moment.
 */
async function writeAll(file: string, credentials: CredentialsFile): Promise<void> {
  const directory = dirname(file);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  // Made afresh ('wx'), so its mode is the one given here even if a crash left an old one behind.
  await rm(temporary, { force: true });
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, file);
}

/** The stored sign-ins, one per API address. */
export class CredentialsStore {
  constructor(readonly file: string) {}

  /** The store at the place the environment names. */
  static fromEnvironment(env: Environment = process.env): CredentialsStore {
    return new CredentialsStore(credentialsFile(env));
  }

  /** The session for `apiUrl`, if `synd login` stored one. */
  async get(apiUrl: string): Promise<StoredSession | undefined> {
    return (await readAll(this.file)).sessions[sessionKey(apiUrl)];
  }

  /** Whether a session is stored for `apiUrl`, read synchronously for an error's hint; never throws. */
  hasSync(apiUrl: string): boolean {
    try {
      return sessionKey(apiUrl) in parse(readFileSync(this.file, 'utf8'), this.file).sessions;
    } catch {
      return false;
    }
  }

  /** Stores (or replaces) the session for its API, keeping the others. */
  async put(session: StoredSession): Promise<void> {
    const credentials = await readAll(this.file);
    credentials.sessions[sessionKey(session.apiUrl)] = session;
    await writeAll(this.file, credentials);
  }

  /** Forgets the session for `apiUrl` and returns it; undefined when there was none. The file goes once it holds none. */
  async remove(apiUrl: string): Promise<StoredSession | undefined> {
    const credentials = await readAll(this.file);
    const key = sessionKey(apiUrl);
    const session = credentials.sessions[key];
    if (session === undefined) return undefined;
    delete credentials.sessions[key];
    if (Object.keys(credentials.sessions).length === 0) await rm(this.file, { force: true });
    else await writeAll(this.file, credentials);
    return session;
  }
}
