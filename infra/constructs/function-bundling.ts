import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { iso6393 } from 'iso-639-3';
import { languageCodesOf, packLanguageCodes } from '../../shared/text/language-codes';

/**
 * The credential sources of the SDK's default chain after the environment (profiles, SSO, a process,
 * web identity, container and instance metadata), each imported by the chain only when the one before
 * it found nothing (@aws-sdk/credential-provider-node, `defaultProvider`), with the STS and SSO
 * clients they bring: a sixth of a bundle that Lambda, which puts credentials in the environment, never
 * loads.
 */
export const LAZY_CREDENTIAL_SOURCES = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/** What the bundles import for linkedom's CSS parser: a module that refuses to parse (decision 0053). */
export const UNPARSED_STYLE_SHEETS = 'shared/clean/style-sheets-unparsed.ts';

/**
 * How every function of the app is bundled: by the local esbuild (no Docker), as minified ESM with
 * source maps (positions only, no sources), for Node 20 syntax, with the pinned AWS SDK inside the bundle (but for the credential
 * sources a Lambda never reaches), the language codes
 * computed at bundle time, and no CSS parser. The CDK app and the bundle test (tests/integration/lambda-bundles.test.ts)
 * both read this, so the bundle that is tested is the bundle that ships.
 */
export const FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  // The bundle targets Node 20 syntax, which the nodejs22.x runtime runs unchanged (decision 0005).
  target: 'node20',
  minify: true,
  sourceMap: true,
  // The map names files and positions, all a stack trace needs; the sources themselves tripled its
  // size. It is read when a stack is first formatted, not at a cold start (shared/runtime/lazy-source-maps.ts,
  // decision 0055), so no function runs with --enable-source-maps.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the pinned AWS SDK (decision 0005) instead of whichever version the runtime carries: it
  // loads faster bundled than from the runtime's node_modules (decision 0042). Left out are only the
  // credential sources the SDK's default chain imports on demand and a Lambda never reaches, since
  // Lambda gives every function its credentials in the environment: should one be reached, the
  // runtime's own SDK has it.
  externalModules: LAZY_CREDENTIAL_SOURCES,
  // The ISO 639 codes, worked out here from the package's table, in place of the table itself: its
  // names are half a megabyte of every bundle (shared/text/language-codes.ts).
  define: { BUNDLED_LANGUAGE_CODES: JSON.stringify(packLanguageCodes(languageCodesOf(iso6393))) },
  // linkedom's CSS parser, which only `HTMLStyleElement.sheet` calls and nothing reads, left out of the
  // ingest (shared/clean/style-sheets-unparsed.ts, decision 0053). Resolved from the project root, where
  // esbuild runs.
  esbuildArgs: { '--alias': `cssomnom/parse=./${UNPARSED_STYLE_SHEETS}` },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const satisfies BundlingOptions;
