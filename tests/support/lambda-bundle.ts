import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTION_BUNDLING } from '../../infra/constructs/function-bundling';

/** The project root, where the CDK app runs esbuild (`projectRoot` of every function). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every Lambda function of the app, by name, and its handler file relative to the project root. */
export const LAMBDA_ENTRIES = {
  ingest: 'functions/ingest/handler.ts',
  publisher: 'functions/publisher/handler.ts',
  republisher: 'functions/republisher/handler.ts',
  editor: 'functions/editor/handler.ts',
  'site-bootstrap': 'functions/site-bootstrap/handler.ts',
  release: 'functions/release/handler.ts',
} as const;

/** A function's name in `LAMBDA_ENTRIES`. */
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** The options of `BundlingOptions` this translation understands; any other one set is refused. */
const TRANSLATED = new Set<string>([
  'forceDockerBundling',
  'format',
  'target',
  'minify',
  'sourceMap',
  'sourcesContent',
  'mainFields',
  'externalModules',
  'define',
  'banner',
  'esbuildArgs',
]);

/** The esbuild flags aws-cdk-lib writes `flag:value` rather than `flag=value` (`toCliArgsArray`). */
const COLON_FLAGS = new Set(['--alias', '--drop', '--pure', '--log-override', '--out-extension']);

/** `esbuildArgs` as aws-cdk-lib turns them into arguments (aws-lambda-nodejs/lib/util.js, `toCliArgsArray`). */
function extraEsbuildArgs(args: BundlingOptions['esbuildArgs']): string[] {
  return Object.entries(args ?? {}).flatMap(([flag, value]) => {
    if (Array.isArray(value)) return value.map((item) => `${flag}:${item}`);
    if (value === true || value === '') return [flag];
    if (!value) return [];
    return [COLON_FLAGS.has(flag) ? `${flag}:${value}` : `${flag}=${value}`];
  });
}

/**
 * The esbuild command line aws-cdk-lib's `NodejsFunction` runs for these bundling options when it
 * bundles locally (aws-lambda-nodejs/lib/bundling.js, `createBundlingSteps` and `buildEsbuildArgs`),
 * in its order: `--bundle <entry>`, target, platform, format, the outfile (`index.mjs` for ESM),
 * minify, source map, its sources, externals, defines, banner, main fields, then `esbuildArgs`. Throws on an option it does not
 * translate, so that an option added to `FUNCTION_BUNDLING` cannot make the tested bundle differ
 * silently from the shipped one.
 */
export function esbuildArgsFor(options: BundlingOptions, entry: string, outputDir: string): string[] {
  const untranslated = Object.entries(options)
    .filter(([name, value]) => value !== undefined && !TRANSLATED.has(name))
    .map(([name]) => name);
  if (untranslated.length > 0) {
    throw new Error(`lambda-bundle does not translate bundling option(s) ${untranslated.join(', ')} yet`);
  }
  if (options.forceDockerBundling !== false) {
    throw new Error('the app bundles with the local esbuild; Docker bundling is not translated');
  }
  // Left out, the CDK's externals depend on the runtime and a feature flag: the app names them.
  if (options.externalModules === undefined) throw new Error('externalModules must be set explicitly');
  if (options.target === undefined) throw new Error('target must be set explicitly');
  const esm = options.format === 'esm';
  return [
    '--bundle',
    join(PROJECT_ROOT, entry),
    `--target=${options.target}`,
    '--platform=node',
    ...(options.format ? [`--format=${options.format}`] : []),
    `--outfile=${join(outputDir, esm ? 'index.mjs' : 'index.js')}`,
    ...(options.minify ? ['--minify'] : []),
    ...(options.sourceMap ? ['--sourcemap'] : []),
    ...(options.sourcesContent === false ? ['--sources-content=false'] : []),
    ...options.externalModules.map((external) => `--external:${external}`),
    ...Object.entries(options.define ?? {}).map(([name, value]) => `--define:${name}=${value}`),
    ...(options.banner ? [`--banner:js=${options.banner}`] : []),
    ...(options.mainFields ? [`--main-fields=${options.mainFields.join(',')}`] : []),
    ...extraEsbuildArgs(options.esbuildArgs),
  ];
}

/** One function bundled as the app ships it. */
export interface LambdaBundle {
  name: LambdaName;
  /** The bundle's module (`index.mjs`), as Lambda loads it. */
  file: string;
  /** Its size in bytes, without the source map. */
  bytes: number;
}

/**
 * Bundles a function into `<outputRoot>/<name>/index.mjs` exactly as the CDK app does: the same
 * esbuild (the project's, as `NodejsFunction` runs it through `npx --no-install`), the same
 * arguments from `FUNCTION_BUNDLING`, from the project root. `extraArgs` (e.g. `--metafile=...`)
 * are for analysis only and must not change the output.
 */
export async function bundleLambda(
  name: LambdaName,
  outputRoot: string,
  extraArgs: readonly string[] = [],
): Promise<LambdaBundle> {
  const outputDir = join(outputRoot, name);
  const esbuild = join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');
  const args = [...esbuildArgsFor(FUNCTION_BUNDLING, LAMBDA_ENTRIES[name], outputDir), ...extraArgs];
  // The log level changes what esbuild prints, not what it writes.
  await promisify(execFile)(esbuild, [...args, '--log-level=error'], {
    cwd: PROJECT_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const file = join(outputDir, 'index.mjs');
  return { name, file, bytes: (await stat(file)).size };
}
