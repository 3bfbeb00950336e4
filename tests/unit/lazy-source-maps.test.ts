import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../infra/constructs/function-bundling';

const MODULE = fileURLToPath(new URL('../../shared/runtime/lazy-source-maps.ts', import.meta.url));

/**
 * A bundle as the functions are bundled (minified ESM, a map of positions beside it), whose code installs
 * the lazy mapping and prints the stack of an error thrown two calls deep. With `hide-map`, the map is
 * moved away after the install and before the stack is formatted.
 */
const ENTRY = `import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mapStackTracesLazily } from ${JSON.stringify(MODULE)};

function innermostStep(value) {
  if (value > 0) throw new Error('thrown two calls deep');
  return value;
}

function outermostStep(values) {
  return values.map((value) => innermostStep(value));
}

async function awaitedStep() {
  await null;
  throw new Error('thrown after an await');
}

async function awaitingStep() {
  await awaitedStep();
}

const installed = mapStackTracesLazily(import.meta.url);
const bundle = fileURLToPath(import.meta.url);
if (process.argv[2] === 'hide-map') renameSync(bundle + '.map', bundle + '.hidden');
const map = process.argv[2]?.endsWith('corrupt-map') ? readFileSync(bundle + '.map', 'utf8') : '';
if (map) writeFileSync(bundle + '.map', '{ not a map');
try {
  if (process.argv[2] === 'async') await awaitingStep();
  else outermostStep([0, 1]);
} catch (error) {
  const stacks = [error.stack];
  if (process.argv[2] === 'restored-corrupt-map') {
    // The map mended (a redeploy would not, but a read cut short by the stack's limit would pass).
    writeFileSync(bundle + '.map', map);
    try {
      outermostStep([0, 2]);
    } catch (again) {
      stacks.push(again.stack);
    }
  }
  console.log(JSON.stringify({ installed, stack: stacks[0], stacks }));
}
`;

/** Where the entry makes its error, 1-based: V8 places a stack at the `new` that captured it. */
const THROW_LINE =
  ENTRY.split('\n').findIndex((line) => line.includes("throw new Error('thrown two calls deep')")) + 1;
const THROW_COLUMN = (ENTRY.split('\n')[THROW_LINE - 1] ?? '').indexOf('new Error') + 1;

let directory: string;

async function bundleEntry(name: string, sourcemap: boolean): Promise<string> {
  const entry = join(directory, `${name}.ts`);
  await writeFile(entry, ENTRY);
  const outfile = join(directory, name, 'index.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    outfile,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_BUNDLING.target,
    minify: FUNCTION_BUNDLING.minify,
    sourcemap,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    logLevel: 'error',
  });
  return outfile;
}

async function run(
  bundle: string,
  ...args: string[]
): Promise<{ installed: boolean; stack: string; stacks: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, [bundle, ...args]);
  return JSON.parse(stdout) as { installed: boolean; stack: string; stacks: string[] };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lazy-source-maps-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('stack traces of a bundle, mapped when first formatted', () => {
  it('names the source file, line and column, and the functions as the source names them', async () => {
    const bundle = await bundleEntry('mapped', true);
    // Minified, the bundle has other names for them: only the map can give these back.
    expect(await readFile(bundle, 'utf8')).not.toMatch(/innermostStep|outermostStep/);

    const { installed, stack } = await run(bundle);

    expect(installed).toBe(true);
    const lines = stack.split('\n');
    expect(lines[0]).toBe('Error: thrown two calls deep');
    expect(lines[1]).toMatch(
      new RegExp(`^ {4}at innermostStep \\(\\S*mapped\\.ts:${THROW_LINE}:${THROW_COLUMN}\\)$`),
    );
    expect(stack).toMatch(
      /\n {4}at Array\.map \(<anonymous>\)\n {4}at outermostStep \(\S*mapped\.ts:\d+:\d+\)/,
    );
    expect(stack).not.toContain('index.mjs');
  });

  it('does not read the map at import: moved away before the first stack, the stack stays as V8 wrote it', async () => {
    const bundle = await bundleEntry('lazy', true);

    const { installed, stack } = await run(bundle, 'hide-map');

    expect(installed).toBe(true);
    expect(stack.split('\n')[0]).toBe('Error: thrown two calls deep');
    expect(stack).toMatch(/\n {4}at \S+ \(file:\/\/\S+\/lazy\/index\.mjs:\d+:\d+\)/);
    expect(stack).not.toMatch(/innermostStep|lazy\.ts/);
  });

  it('tells an awaited frame as async, at its source line', async () => {
    const bundle = await bundleEntry('awaited', true);
    const lineOf = (text: string) => ENTRY.split('\n').findIndex((line) => line.includes(text)) + 1;

    const { stack } = await run(bundle, 'async');

    // The names are the map's where it has them; for async functions esbuild's map, like Node's own
    // --enable-source-maps, has none, and V8's minified ones stand.
    expect(stack).toMatch(
      new RegExp(
        `^Error: thrown after an await\\n {4}at \\S+ \\(\\S*awaited\\.ts:${lineOf("throw new Error('thrown after")}:\\d+\\)\\n {4}at async \\S+ \\(\\S*awaited\\.ts:${lineOf('await awaitedStep()')}:\\d+\\)`,
      ),
    );
  });

  it('gives V8’s own stack, and does not throw, when the map cannot be read', async () => {
    const bundle = await bundleEntry('corrupt', true);

    const { installed, stack } = await run(bundle, 'corrupt-map');

    expect(installed).toBe(true);
    expect(stack.split('\n')[0]).toBe('Error: thrown two calls deep');
    expect(stack).toMatch(/\n {4}at \S+ \(file:\/\/\S+\/corrupt\/index\.mjs:\d+:\d+\)/);
  });

  it('asks for the map again at the next stack after a read that failed', async () => {
    const bundle = await bundleEntry('mended', true);

    const { stacks } = await run(bundle, 'restored-corrupt-map');

    expect(stacks[0]).not.toContain('mended.ts');
    expect(stacks[1]).toMatch(new RegExp(`\\n {4}at innermostStep \\(\\S*mended\\.ts:${THROW_LINE}:`));
  });

  it('leaves a module with no map beside it to V8 and Node (the source run under tsx)', async () => {
    const bundle = await bundleEntry('unmapped', false);

    const { installed, stack } = await run(bundle);

    expect(installed).toBe(false);
    expect(stack).toMatch(/\n {4}at \S+ \(file:\/\/\S+\/unmapped\/index\.mjs:\d+:\d+\)/);
  });
});
