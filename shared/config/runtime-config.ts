import { DEFAULT_FEED_ARCHIVE_SIZE } from '../domain/feed-archive';
import { ConfigurationError } from '../errors/configuration-error';
import { DEFAULT_FEED_EXCERPT_BYTES } from '../render/feed-excerpt-default';
import type { SiteSettings } from '../render/site-settings';
import { parseWebSubHubUrls } from './websub-hub-urls';
import * as z from './zod';
import { describeIssues } from './zod-issues';

/** A bearer token as RFC 6750 lets a client send it (token68), long enough not to be guessed. */
export const editorTokenSchema = z
  .string()
  .check(
    z.minLength(16, 'must be at least 16 characters'),
    z.regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'must be letters, digits and -._~+/ only (a bearer token)'),
  );

/**
 * `WEBSUB_HUB_URL`: the WebSub hubs every feed declares and the publishers notify (docs/websub.md),
 * separated by commas or white space; none when empty or unset.
 */
export const websubHubUrlSchema = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined, context) => {
    try {
      return parseWebSubHubUrls(value);
    } catch (error) {
      context.issues.push({ code: 'custom', message: (error as Error).message, input: value });
      return z.NEVER;
    }
  }),
);

/** A variable of text, between `min` and `max` characters. */
const text = (min: number, max?: number) =>
  z.string().check(z.minLength(min), ...(max === undefined ? [] : [z.maxLength(max)]));

/** A whole number from the environment, where every value is a string; `fallback` when unset. */
export const wholeNumberVariable = (min: number, max: number, fallback: number) => {
  // One sentence whatever is wrong ("abc", "3.5", "0"): what the variable takes.
  const message = `must be a whole number from ${min} to ${max}`;
  return z._default(
    z.coerce
      .number({ message })
      .check(z.int({ message }), z.minimum(min, { message }), z.maximum(max, { message })),
    fallback,
  );
};

const runtimeConfigSchema = z.object({
  TABLE_NAME: text(3, 255),
  /** Only the functions that write the site read it; ingest and the editor run without it. */
  BUCKET_NAME: z.optional(text(3, 63)),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }),
  PARTNER_REGISTRY: z.optional(z.enum(['table', 'file'], { message: 'must be table or file' })),
  PARTNERS_FILE: z.optional(text(1)),
  PARTNER_SECRET_ARN: z.optional(text(1)),
  SITE_TITLE: z._default(text(1), 'Syndicated articles'),
  SITE_DESCRIPTION: z._default(text(1), 'Articles from our partner outlets, with their source attribution.'),
  SITE_LANGUAGE: z._default(text(2), 'en'),
  /** 0 makes every item carry only the link and the credit line; 1 MiB is far more than a reader shows. */
  FEED_EXCERPT_BYTES: wholeNumberVariable(0, 1_048_576, DEFAULT_FEED_EXCERPT_BYTES),
  /** Entries per sealed archive document (RFC 5005); the open archive behind the newest 50 holds fewer. */
  FEED_ARCHIVE_SIZE: wholeNumberVariable(1, 1_000, DEFAULT_FEED_ARCHIVE_SIZE),
  /** Only the editor function reads these; the other functions run without them. */
  EDITOR_AUTH: z.optional(z.enum(['token', 'jwt'], { message: 'must be token or jwt' })),
  EDITOR_TOKEN: z.optional(editorTokenSchema),
  WEBSUB_HUB_URL: websubHubUrlSchema,
  /** Embargo releases (docs/decisions/0045-…): only ingest reads them; all three or none. */
  RELEASE_SCHEDULE_GROUP: z.optional(text(1, 64)),
  RELEASE_FUNCTION_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  RELEASE_SCHEDULER_ROLE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
});

/**
 * How the editor API knows its editors (docs/decisions/0024-editor-identity-seam.md): `token`, one
 * shared bearer token (`npm start`); `jwt`, the claims of the HTTP API's JWT authorizer (AWS).
 */
export type EditorAuthConfig = { mode: 'token'; token: string } | { mode: 'jwt' };

/**
 * Where a function finds the partner registry (docs/decisions/0029-partner-registry-in-the-table.md):
 * `table`, the profiles in the article table, with the webhook secrets from the Secrets Manager
 * secret `secretId` when set (only the ingest needs them); `file`, a registry file (`npm start`).
 */
export type PartnerRegistrySource = { kind: 'table'; secretId?: string } | { kind: 'file'; path: string };

/** The settings every function runs with, validated once at start. */
export interface RuntimeConfig {
  tableName: string;
  /** The site bucket, from `BUCKET_NAME`; absent in a function that never writes the site. */
  bucketName?: string;
  publicBaseUrl: string;
  /** From `PARTNER_REGISTRY`, `PARTNERS_FILE` and `PARTNER_SECRET_ARN`; absent when none is set. */
  partnerRegistry?: PartnerRegistrySource;
  site: SiteSettings;
  /** Set from `EDITOR_AUTH`; the editor function refuses to start without it. */
  editorAuth?: EditorAuthConfig;
  /** Where ingest puts embargo releases' one-time schedules; absent in every other function. */
  releaseSchedule?: { groupName: string; targetArn: string; roleArn: string };
}

/** What code that writes the site raises when `BUCKET_NAME` is not set. */
export function missingBucketName(): ConfigurationError {
  return new ConfigurationError('invalid environment: BUCKET_NAME: is required to write the site');
}

/** The site bucket's name, for code that writes the site; {@link missingBucketName} when it is not set. */
export function requireBucketName(config: Pick<RuntimeConfig, 'bucketName'>): string {
  if (config.bucketName === undefined) throw missingBucketName();
  return config.bucketName;
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

function partnerRegistryFrom(env: {
  PARTNER_REGISTRY?: 'table' | 'file';
  PARTNERS_FILE?: string;
  PARTNER_SECRET_ARN?: string;
}): PartnerRegistrySource | undefined {
  const invalid = (message: string) => new ConfigurationError(`invalid environment: ${message}`);
  if (env.PARTNER_REGISTRY === 'table') {
    if (env.PARTNERS_FILE !== undefined)
      throw invalid('PARTNERS_FILE: must not be set when PARTNER_REGISTRY is table');
    return env.PARTNER_SECRET_ARN === undefined
      ? { kind: 'table' }
      : { kind: 'table', secretId: env.PARTNER_SECRET_ARN };
  }
  if (env.PARTNER_SECRET_ARN !== undefined)
    throw invalid('PARTNER_SECRET_ARN: is read only when PARTNER_REGISTRY is table');
  if (env.PARTNERS_FILE !== undefined) return { kind: 'file', path: env.PARTNERS_FILE };
  if (env.PARTNER_REGISTRY === 'file')
    throw invalid('PARTNERS_FILE: is required when PARTNER_REGISTRY is file');
  return undefined;
}

function releaseScheduleFrom(env: {
  RELEASE_SCHEDULE_GROUP?: string;
  RELEASE_FUNCTION_ARN?: string;
  RELEASE_SCHEDULER_ROLE_ARN?: string;
}): RuntimeConfig['releaseSchedule'] {
  const { RELEASE_SCHEDULE_GROUP: groupName, RELEASE_FUNCTION_ARN: targetArn } = env;
  const roleArn = env.RELEASE_SCHEDULER_ROLE_ARN;
  if (groupName === undefined && targetArn === undefined && roleArn === undefined) return undefined;
  if (groupName === undefined || targetArn === undefined || roleArn === undefined) {
    throw new ConfigurationError(
      'invalid environment: RELEASE_SCHEDULE_GROUP, RELEASE_FUNCTION_ARN and RELEASE_SCHEDULER_ROLE_ARN go together',
    );
  }
  return { groupName, targetArn, roleArn };
}

/** Reads and validates the runtime settings from the environment; throws one message naming every bad variable. */
export function loadRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const parsed = runtimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    // Only each pointer's leading slash goes: a message may quote a URL.
    throw new ConfigurationError(
      `invalid environment: ${describeIssues(parsed.error).replace(/(^|; )\//g, '$1')}`,
      {
        cause: parsed.error,
      },
    );
  }
  const value = parsed.data;
  return {
    tableName: value.TABLE_NAME,
    bucketName: value.BUCKET_NAME,
    publicBaseUrl: value.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    partnerRegistry: partnerRegistryFrom(value),
    site: {
      title: value.SITE_TITLE,
      description: value.SITE_DESCRIPTION,
      language: value.SITE_LANGUAGE,
      feedExcerptBytes: value.FEED_EXCERPT_BYTES,
      feedArchiveSize: value.FEED_ARCHIVE_SIZE,
      websubHubs: value.WEBSUB_HUB_URL,
    },
    editorAuth: editorAuthFrom(value),
    releaseSchedule: releaseScheduleFrom(value),
  };
}
