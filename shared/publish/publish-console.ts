import { ConfigurationError } from '../errors/configuration-error';
import type { SiteBucket, SiteObject } from '../ports/site-bucket';
import { siteWrites, type WriteReport } from './site-writes';

/** Where the editor console lives in the site bucket, so the site serves it at `/editor/`. */
export const CONSOLE_KEY_PREFIX = 'editor/';

/**
 * Every visit revalidates (a 304 when nothing changed), so a new console reaches editors at once
 * and its modules never mix two versions.
 */
export const CONSOLE_CACHE_CONTROL = 'no-cache';

/** The kinds of file the console is made of, by extension. */
const CONSOLE_MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** One file of the console, named by its path inside `console/` (`/`-separated). */
export interface ConsoleFile {
  path: string;
  body: string | Uint8Array;
}

/**
 * The object a console file becomes: its path under `editor/`, its media type by extension.
 * Throws a `ConfigurationError` for a kind of file the console is not made of, so nothing
 * unexpected is served from the site (docs/decisions/0026-console-is-static-files.md).
 */
export function consoleObject(file: ConsoleFile): SiteObject {
  const extension = /\.[a-z]+$/.exec(file.path)?.[0] ?? '';
  const contentType = CONSOLE_MEDIA_TYPES[extension];
  if (!contentType || file.path.split('/').some((segment) => segment === '' || segment.startsWith('.'))) {
    throw new ConfigurationError(
      `console/${file.path} is not a file the console serves (html, js, css, json)`,
    );
  }
  return {
    key: `${CONSOLE_KEY_PREFIX}${file.path}`,
    body: file.body,
    contentType,
    cacheControl: CONSOLE_CACHE_CONTROL,
  };
}

/**
 * Puts the editor console's static files into the site bucket under `editor/`, as the deployment
 * does in AWS. Unchanged files are not rewritten; files that are gone are left in place, as the
 * AWS deployment leaves them (`prune: false`), since nothing links to them.
 */
export async function publishConsole(bucket: SiteBucket, files: ConsoleFile[]): Promise<WriteReport> {
  const objects = files.map(consoleObject);
  const report: WriteReport = { written: [], unchanged: 0 };
  const writes = siteWrites(bucket, report);
  for (const object of objects) await writes.put(object);
  await writes.drain();
  return report;
}
