import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The file in the data directory where `npm start` leaves the editor token it uses, for `synd`. */
export const EDITOR_TOKEN_FILE_NAME = 'editor-token';

/** The checkout's root: `npm start` runs there, so its relative `DATA_DIR` is relative to it. */
const CHECKOUT = resolve(import.meta.dirname, '..');

/**
 * The data directory of the local run as `npm start` resolves it (`DATA_DIR`, default `.data`),
 * relative to the checkout whatever directory `synd` is run from.
 */
export function localDataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(CHECKOUT, env.DATA_DIR || '.data');
}

/** Where the token file of the run with data directory `dataDir` is. */
export function editorTokenFile(dataDir: string): string {
  return join(dataDir, EDITOR_TOKEN_FILE_NAME);
}

/**
 * Writes the token for `synd` to read, readable by this user only (0600, also when the file was
 * there before with a wider mode). The data directory is git-ignored.
 */
export async function writeEditorTokenFile(dataDir: string, token: string): Promise<string> {
  const file = editorTokenFile(dataDir);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** The token `npm start` left in `dataDir`, or `undefined` when there is none. */
export async function readEditorTokenFile(dataDir: string): Promise<string | undefined> {
  try {
    const token = (await readFile(editorTokenFile(dataDir), 'utf8')).trim();
    return token || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
