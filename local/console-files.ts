import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleFile } from '../shared/publish/publish-console';

/** The editor console's sources in this checkout. */
export const CONSOLE_DIRECTORY = fileURLToPath(new URL('../console/', import.meta.url));

/** Every file of the console directory, by its `/`-separated path inside it. */
export async function readConsoleFiles(directory: string = CONSOLE_DIRECTORY): Promise<ConsoleFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(
    files.sort().map(async (file) => ({
      path: relative(directory, file).split(sep).join('/'),
      body: await readFile(file),
    })),
  );
}
