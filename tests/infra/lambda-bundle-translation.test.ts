import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../infra/constructs/function-bundling';
import { bundleLambda, LAMBDA_ENTRIES, PROJECT_ROOT } from '../support/lambda-bundle';

/**
 * The bundle test (tests/integration/lambda-bundles.test.ts) and the benchmark bundle through
 * `bundleLambda`, a translation of `FUNCTION_BUNDLING` into esbuild's arguments. This shows the
 * translation is exact: the CDK, bundling the same entry with the same options, writes the same bytes.
 */
describe('the bundle test bundles as the CDK app does', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'syndication-bundle-translation-'));
  });

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  // The publisher, and the ingest, the one bundle that `esbuildArgs` (the CSS parser's alias) changes.
  it.each(['publisher', 'ingest'] as const)(
    'bundleLambda writes the %s’s index.mjs byte for byte, and its source map, as NodejsFunction does',
    async (name) => {
      const app = new App({
        outdir: join(directory, 'cdk.out', name),
        context: { 'aws:cdk:enable-asset-metadata': true },
      });
      const fn = new NodejsFunction(new Stack(app, 'Bundling'), 'Function', {
        entry: join(PROJECT_ROOT, LAMBDA_ENTRIES[name]),
        handler: 'handler',
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        bundling: FUNCTION_BUNDLING,
      });
      app.synth();
      const assetPath = (fn.node.defaultChild as CfnFunction).cfnOptions.metadata?.['aws:asset:path'];
      expect(assetPath).toEqual(expect.any(String));
      const shipped = await readFile(join(directory, 'cdk.out', name, assetPath as string, 'index.mjs'));

      const tested = await bundleLambda(name, join(directory, 'tested', name));
      const bytes = await readFile(tested.file);
      expect(bytes.length).toBe(shipped.length);
      expect(bytes.equals(shipped)).toBe(true);
      // The maps name their sources relative to each output folder; what they map, and hold, is the same.
      const mapOf = async (folder: string) =>
        JSON.parse(await readFile(join(folder, 'index.mjs.map'), 'utf8')) as SourceMapFile;
      const [shippedMap, testedMap] = await Promise.all([
        mapOf(join(directory, 'cdk.out', name, assetPath as string)),
        mapOf(dirname(tested.file)),
      ]);
      expect(testedMap.mappings).toBe(shippedMap.mappings);
      expect(testedMap.sources.length).toBe(shippedMap.sources.length);
      expect(testedMap.sourcesContent).toEqual(shippedMap.sourcesContent);
      // Positions only: Node reads the whole map at every cold start, and a stack trace needs no source.
      expect(shippedMap.sourcesContent).toBeUndefined();
      expect(shippedMap.mappings.length).toBeGreaterThan(0);
    },
    120_000,
  );
});

/** The fields of a source map (v3) these tests compare. */
interface SourceMapFile {
  sources: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
}
