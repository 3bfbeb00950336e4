import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { iso6393 } from 'iso-639-3';
import { languageCodesOf } from '../../shared/text/language-codes';

/**
 * How every function of the app is bundled: by the local esbuild (no Docker), as minified ESM with
 * source maps, for Node 20 syntax, with the pinned AWS SDK inside the bundle and the language codes
 * computed at bundle time. The CDK app and the bundle test (tests/integration/lambda-bundles.test.ts)
 * both read this, so the bundle that is tested is the bundle that ships.
 */
export const FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  // The bundle targets Node 20 syntax, which the nodejs22.x runtime runs unchanged (decision 0005).
  target: 'node20',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // Bundle the pinned AWS SDK (decision 0005) instead of whichever version the runtime carries.
  externalModules: [],
  // The ISO 639 codes, worked out here from the package's table, in place of the table itself: its
  // names are half a megabyte of every bundle (shared/text/language-codes.ts).
  define: { BUNDLED_LANGUAGE_CODES: JSON.stringify(languageCodesOf(iso6393).join(' ')) },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const satisfies BundlingOptions;
