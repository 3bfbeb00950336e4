import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What `SourceMap.findEntry` answers for a position the map covers (`{}` when it covers none). */
interface MapEntry {
  originalSource: string;
  originalLine: number;
  originalColumn: number;
  name?: string;
}

/** The map of one bundle, read and decoded on first use and kept. */
class LazyMap {
  #map: SourceMap | undefined;

  constructor(readonly path: string) {}

  /** The map, or undefined when it cannot be read now (asked again at the next stack: a failure near the stack's limit passes). */
  get(): SourceMap | undefined {
    if (this.#map === undefined) {
      try {
        this.#map = new SourceMap(JSON.parse(readFileSync(this.path, 'utf8')));
      } catch {
        // A stack unmapped is still a stack: never let its formatting throw.
        return undefined;
      }
    }
    return this.#map;
  }
}

function entryAt(map: SourceMap, line: number | null, column: number | null): MapEntry | undefined {
  if (line === null || column === null) return undefined;
  const entry = map.findEntry(line - 1, column - 1) as Partial<MapEntry>;
  return typeof entry.originalSource === 'string' ? (entry as MapEntry) : undefined;
}

/**
 * A source's path as the map names it, without the `../` that lead from the bundle's directory back
 * to the project: `shared/publish/publish-changes.ts`, the path a reader finds in the repository.
 */
function sourcePath(source: string): string {
  return source.replace(/^(?:\.\.\/)+/, '');
}

/** The frame's function as its source names it: the map's name for the enclosing function, else the one V8 gives. */
function functionName(site: NodeJS.CallSite, map: SourceMap, next: NodeJS.CallSite | undefined): string {
  const enclosing = entryAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber());
  if (enclosing?.name) return enclosing.name;
  // The call in the next frame names the function it called, when both are in the bundle.
  if (next && next.getFileName() === site.getFileName()) {
    const caller = entryAt(map, next.getLineNumber(), next.getColumnNumber());
    if (caller?.name) return caller.name;
  }
  const name = site.getFunctionName() ?? site.getMethodName();
  const type = site.getTypeName();
  return name ? `${type && type !== 'global' && !site.isToplevel() ? `${type}.` : ''}${name}` : '';
}

/** Whether a frame runs the bundle's own code. */
function inBundle(site: NodeJS.CallSite, bundle: { url: string; path: string }): boolean {
  const file = site.getFileName();
  return file === bundle.url || file === bundle.path;
}

/** One frame of the trace: V8's own words, with a frame of the bundle told in its source. */
function frameText(
  site: NodeJS.CallSite,
  next: NodeJS.CallSite | undefined,
  bundle: { url: string; path: string },
  sourceMap: SourceMap | undefined,
): string {
  if (!inBundle(site, bundle)) return String(site);
  const entry = sourceMap && entryAt(sourceMap, site.getLineNumber(), site.getColumnNumber());
  if (!sourceMap || !entry) return String(site);
  const location = `${sourcePath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const name = functionName(site, sourceMap, next);
  const prefix = `${site.isAsync() ? 'async ' : ''}${site.isConstructor() ? 'new ' : ''}`;
  return name ? `${prefix}${name} (${location})` : `${prefix}${location}`;
}

/** `Error.prototype.toString`, as V8 heads a stack, without letting a hostile `name` getter throw. */
function heading(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

let installed = false;

/**
 * Tells stack traces of a bundle in its sources, reading the bundle's source map the first time a
 * stack is formatted rather than at every cold start, as `--enable-source-maps` does (decision 0055).
 * `bundleUrl` is the bundle's `import.meta.url`; nothing happens unless its map lies beside it (as in
 * a Lambda bundle; not under tsx, which maps its own). Returns whether stacks are now mapped.
 */
export function mapStackTracesLazily(bundleUrl: string | undefined): boolean {
  if (installed) return true;
  // Undefined in a CommonJS build, which has no import.meta.
  if (typeof bundleUrl !== 'string' || !bundleUrl.startsWith('file:')) return false;
  const bundle = { url: bundleUrl, path: fileURLToPath(bundleUrl) };
  if (!existsSync(`${bundle.path}.map`)) return false;
  const map = new LazyMap(`${bundle.path}.map`);
  Error.prepareStackTrace = (error, sites) => {
    // Asked once a stack, and only of a stack that passes through the bundle.
    const sourceMap = sites.some((site) => inBundle(site, bundle)) ? map.get() : undefined;
    const frames = sites.map(
      (site, index) => `\n    at ${frameText(site, sites[index + 1], bundle, sourceMap)}`,
    );
    return `${heading(error)}${frames.join('')}`;
  };
  installed = true;
  return true;
}
