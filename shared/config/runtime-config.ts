import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error';
import { DEFAULT_FEED_EXCERPT_BYTES } from '../render/feed-excerpt';
import type { SiteSettings } from '../render/site-settings';
import { describeIssues } from './zod-issues';

/** A bearer token as RFC 6750 lets a client send it (token68), long enough not to be guessed. */
export const editorTokenSchema = z
  .string()
  .min(16, 'must be at least 16 characters')
  .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'must be letters, digits and -._~+/ only (a bearer token)');

const runtimeConfigSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  BUCKET_NAME: z.string().min(3).max(63),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }),
  PARTNERS_FILE: z.string().min(1).optional(),
  PARTNERS_JSON: z.string().min(1).optional(),
  SITE_TITLE: z.string().min(1).default('Syndicated articles'),
  SITE_DESCRIPTION: z
    .string()
    .min(1)
    .default('Articles from our partner outlets, with their source attribution.'),
  SITE_LANGUAGE: z.string().min(2).default('en'),
  /** 0 makes every item carry only the link and the credit line; 1 MiB is far more than a reader shows. */
  FEED_EXCERPT_BYTES: z.coerce.number().int().min(0).max(1_048_576).default(DEFAULT_FEED_EXCERPT_BYTES),
  /** Only the editor function reads these; the other functions run without them. */
  EDITOR_AUTH: z.enum(['token', 'jwt'], { message: 'must be token or jwt' }).optional(),
  EDITOR_TOKEN: editorTokenSchema.optional(),
});

/**
 * How the editor API knows its editors (docs/decisions/0024-editor-identity-seam.md): `token`, one
 * shared bearer token (`npm start`); `jwt`, the claims of the HTTP API's JWT authorizer (AWS).
 */
export type EditorAuthConfig = { mode: 'token'; token: string } | { mode: 'jwt' };

/** The settings every function runs with, validated once at start. */
export interface RuntimeConfig {
  tableName: string;
  bucketName: string;
  publicBaseUrl: string;
  partnersFile?: string;
  /** The partner registry's non-secret part as JSON text (the publisher Lambda); preferred to `partnersFile`. */
  partnersJson?: string;
  site: SiteSettings;
  /** Set from `EDITOR_AUTH`; the editor function refuses to start without it. */
  editorAuth?: EditorAuthConfig;
}

function editorAuthFrom(env: {
  EDITOR_AUTH?: 'token' | 'jwt';
  EDITOR_TOKEN?: string;
}): EditorAuthConfig | undefined {
  if (env.EDITOR_AUTH === 'jwt') return { mode: 'jwt' };
  if (env.EDITOR_AUTH !== 'token') return undefined;
  if (env.EDITOR_TOKEN === undefined) {
    throw new ConfigurationError('invalid environment: EDITOR_TOKEN: is required when EDITOR_AUTH is token');
  }
  return { mode: 'token', token: env.EDITOR_TOKEN };
}

/** Reads and validates the runtime settings from the environment; throws one message naming every bad variable. */
export function loadRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const parsed = runtimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`invalid environment: ${describeIssues(parsed.error).replaceAll('/', '')}`, {
      cause: parsed.error,
    });
  }
  const value = parsed.data;
  return {
    tableName: value.TABLE_NAME,
    bucketName: value.BUCKET_NAME,
    publicBaseUrl: value.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    partnersFile: value.PARTNERS_FILE,
    partnersJson: value.PARTNERS_JSON,
    site: {
      title: value.SITE_TITLE,
      description: value.SITE_DESCRIPTION,
      language: value.SITE_LANGUAGE,
      feedExcerptBytes: value.FEED_EXCERPT_BYTES,
    },
    editorAuth: editorAuthFrom(value),
  };
}
