import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const CHECKOUT = resolve(import.meta.dirname, '../..');

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
}

const packageJson = JSON.parse(readFileSync(resolve(CHECKOUT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(resolve(CHECKOUT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** `some/dir/node_modules/@scope/pkg/lib/x.js` → `node_modules/@scope/pkg` (its installed directory, as the lockfile keys it). */
function installedPackageDir(input: string): string | undefined {
  const parts = input.split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last < 0) return undefined;
  const name = parts[last + 1]?.startsWith('@') ? 2 : 1;
  // Nested installs (node_modules/a/node_modules/b) are keyed by the whole path.
  const first = parts.indexOf('node_modules');
  return parts.slice(first, last + 1 + name).join('/');
}

/** `@scope/pkg/sub` → `@scope/pkg`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));

/**
 * `npx synd` must run where only `dependencies` are installed (`npm ci --omit=dev`). esbuild follows
 * every import from the bin script, through tsx's loader entry and the CLI's TypeScript, the way
 * Node resolves them, and its metafile lists every module that would load.
 */
describe('synd loads runtime dependencies only', () => {
  let metafile: Metafile;

  beforeAll(async () => {
    const result = await build({
      entryPoints: [resolve(CHECKOUT, 'bin/synd.mjs'), resolve(CHECKOUT, 'cli/synd.ts')],
      absWorkingDir: CHECKOUT,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      logLevel: 'silent',
      // tsx's loader is the runtime itself; what it loads (esbuild's native binary) is its business
      // and its own dependencies, which the lockfile check below covers by its package entry.
      external: ['tsx', 'tsx/*'],
    });
    metafile = result.metafile;
  }, 60_000);

  it('reaches the CLI and its commands from the bin script', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('cli/synd.ts');
    expect(inputs).toContain('cli/commands/correct-command.ts');
    expect(inputs.some((input) => input.includes('node_modules/commander/'))).toBe(true);
    expect(inputs.some((input) => input.includes('node_modules/cli-progress/'))).toBe(true);
  });

  it('imports from its own files only packages listed in dependencies', () => {
    const imported = new Set<string>();
    for (const [path, input] of Object.entries(metafile.inputs)) {
      if (path.includes('node_modules/')) continue;
      for (const edge of input.imports) {
        const specifier = edge.original ?? edge.path;
        if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
        imported.add(packageName(specifier));
      }
    }
    expect([...imported].sort()).toContain('tsx');
    const outside = [...imported].filter((name) => !(name in packageJson.dependencies));
    expect(outside).toEqual([]);
  });

  it('loads no package the lockfile installs for development only', () => {
    const dirs = new Set<string>();
    for (const path of Object.keys(metafile.inputs)) {
      const dir = installedPackageDir(path);
      if (dir) dirs.add(dir);
    }
    dirs.add('node_modules/tsx');
    expect(dirs.size).toBeGreaterThan(3);
    const devOnly = [...dirs].filter((dir) => {
      const entry = lock.packages[dir];
      return entry === undefined || entry.dev === true || entry.devOptional === true;
    });
    expect(devOnly).toEqual([]);
  });
});
