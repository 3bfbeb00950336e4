import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { editorTokenSchema, websubHubUrlSchema, wholeNumberVariable } from '../shared/config/runtime-config';
import * as z from '../shared/config/zod';
import { describeIssues } from '../shared/config/zod-issues';
import { ConfigurationError } from '../shared/errors/configuration-error';
import { DEFAULT_FEED_EXCERPT_BYTES } from '../shared/render/feed-excerpt';

const portSchema = wholeNumberVariable(1, 65535, 3000);

/** Powertools' log levels, as `LOG_LEVEL` names them (either case). */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

const localEnvironmentSchema = z.object({
  PORT: portSchema,
  PUBLIC_BASE_URL: z.optional(z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
  PARTNERS_FILE: z._default(z.string().check(z.minLength(1)), 'config/partners.local.json'),
  EDITOR_TOKEN: z.optional(editorTokenSchema),
  SEED_DEMO: z._default(z.enum(['0', '1'], { message: 'must be 0 or 1' }), '1'),
  FEED_EXCERPT_BYTES: wholeNumberVariable(0, 1_048_576, DEFAULT_FEED_EXCERPT_BYTES),
  WEBSUB_HUB_URL: websubHubUrlSchema,
  LOG_LEVEL: z._default(
    z.enum([...LOG_LEVELS, ...LOG_LEVELS.map((level) => level.toLowerCase())], {
      message: `must be one of ${LOG_LEVELS.join(', ')}`,
    }),
    'WARN',
  ),
});

/** The settings of `npm start` (CONTRACT §5), validated once. */
export interface LocalConfig {
  port: number;
  publicBaseUrl: string;
  dataDir: string;
  partnersFile: string;
  editorToken: string;
  editorTokenGenerated: boolean;
  seedDemo: boolean;
  /** The most of an article's body a feed item carries (bytes as the feed writes them). */
  feedExcerptBytes: number;
  /** The WebSub hubs the feeds declare and the publisher notifies (`WEBSUB_HUB_URL`); none when empty. */
  websubHubs: string[];
  /** The local run's Powertools log level (`LOG_LEVEL`). */
  logLevel: (typeof LOG_LEVELS)[number];
}

function parseEnvironment<T extends z.ZodMiniType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Only each pointer's leading slash goes: a message may quote a URL.
    throw new ConfigurationError(
      `invalid environment: ${describeIssues(parsed.error).replace(/(^|; )\//g, '$1')}`,
    );
  }
  return parsed.data;
}

/** Reads the local run's environment; throws a `ConfigurationError` naming every bad variable. */
export function loadLocalConfig(env: Record<string, string | undefined> = process.env): LocalConfig {
  const value = parseEnvironment(localEnvironmentSchema, env);
  return {
    port: value.PORT,
    publicBaseUrl: (value.PUBLIC_BASE_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    dataDir: resolve(value.DATA_DIR),
    partnersFile: resolve(value.PARTNERS_FILE),
    editorToken: value.EDITOR_TOKEN ?? randomBytes(24).toString('base64url'),
    editorTokenGenerated: value.EDITOR_TOKEN === undefined,
    seedDemo: value.SEED_DEMO === '1',
    feedExcerptBytes: value.FEED_EXCERPT_BYTES,
    websubHubs: value.WEBSUB_HUB_URL,
    logLevel: value.LOG_LEVEL.toUpperCase() as LocalConfig['logLevel'],
  };
}

/**
 * Where `npm start` answers on this machine, from `PORT` as `npm start` reads it: the default
 * target of `synd`. `PUBLIC_BASE_URL` plays no part, as it names the public address, not this run.
 */
export function localRunUrl(env: Record<string, string | undefined> = process.env): string {
  const { PORT } = parseEnvironment(z.object({ PORT: portSchema }), env);
  return `http://localhost:${PORT}`;
}
