import { shortestLanguageTag } from './language-tag-schema';
import * as z from './zod';

/** The flags partner chrome patterns run with: checked for safety with these, and compiled with them. */
export const CHROME_PATTERN_FLAGS = 'iu';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

/** A Standard Webhooks secret: `whsec_` followed by base64 of at least 24 bytes. */
export const webhookSecretSchema = z.string().check(
  z.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be "whsec_" followed by base64'),
  z.refine((value) => Buffer.from(value.slice('whsec_'.length), 'base64').length >= 24, {
    message: 'must hold at least 24 bytes of key material',
  }),
);

/**
 * A language, judged and reduced exactly as an article's is (`AR`, `arb` and `ar-EG` become `ar`),
 * so a registry language and an article language name the same feed.
 */
const languageTag = z.pipe(z.string(), shortestLanguageTag);

/** Text that is not empty once trimmed, stored trimmed. */
const name = () => z.string().check(z.trim(), z.minLength(1));

/** `dateWindow.pastDays` unless the registry says otherwise (docs/decisions/0018-bounded-feeds-and-partner-shares.md). */
export const DEFAULT_PAST_DAYS = 30;
/** Enough days to reach back from the year 9999 to the year 1000, the range every date must lie in. */
const MAX_PAST_DAYS = 3_300_000;

/** A publisher that a partner is known to republish, recognised by name or alias in a credit line. */
export const carriedPublisherSchema = z.strictObject({
  name: name(),
  aliases: z._default(z.array(name()), []),
  url: z.optional(httpUrl),
});

/** One partner of the registry (CONTRACT §5). */
export const partnerSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'must be 1-64 of a-z, 0-9 and -')),
  name: name(),
  /** Other names the partner's own pages use for it, e.g. in a dateline ("Al-Madar Network"). */
  aliases: z._default(z.array(name()), []),
  homepage: z.optional(httpUrl),
  /**
   * The languages the partner publishes in: their feeds exist from the first start, empty until an
   * article in that language arrives. Articles in other languages are still accepted.
   */
  languages: z.pipe(
    z._default(z.array(languageTag).check(z.maxLength(20, 'lists at most 20 languages')), []),
    z.transform((tags: string[]) => [...new Set(tags)]),
  ),
  secrets: z
    .array(webhookSecretSchema)
    .check(z.minLength(1, 'needs one secret'), z.maxLength(2, 'holds at most two secrets (rotation)')),
  carries: z._default(z.array(carriedPublisherSchema), []),
  agreement: z._default(
    z.strictObject({
      canonical: z._default(z.enum(['original', 'self']), 'original'),
      robots: z._default(z.enum(['index', 'noindex']), 'index'),
    }),
    { canonical: 'original', robots: 'index' },
  ),
  /** Extra chrome for this partner: regular expressions matched against a whole block of text. */
  chromePatterns: z._default(
    z
      .array(
        z.string().check(
          z.refine((source) => {
            try {
              new RegExp(source, CHROME_PATTERN_FLAGS);
              return true;
            } catch {
              return false;
            }
          }, 'must be a valid regular expression'),
        ),
      )
      .check(z.maxLength(50)),
    [],
  ),
  rateLimit: z._default(
    z.strictObject({ perMinute: z._default(z.int().check(z.minimum(1), z.maximum(1_000_000)), 600) }),
    { perMinute: 600 },
  ),
  /**
   * How many of the site feed's newest 50 (and so of the index) the partner's articles may take at
   * most; absent, no cap. Its own feed, the language feeds and the previous/next chain of pages are
   * not capped. A partner that floods then leaves room for the others.
   */
  siteFeedShare: z.optional(
    z.strictObject({
      max: z.int().check(z.minimum(0), z.maximum(50, 'must be at most 50, the size of the site feed')),
    }),
  ),
  /**
   * How far in the past a new article's `publishedAt` may lie: 30 days unless agreed, so a
   * mis-dated or hostile article cannot be threaded deep into the site's archive; a partner
   * importing its archive is given more. An update that keeps an article's stored `publishedAt` is
   * accepted whatever its age.
   */
  dateWindow: z._default(
    z.strictObject({
      pastDays: z._default(
        z
          .int()
          .check(
            z.minimum(0),
            z.maximum(MAX_PAST_DAYS, `must be at most ${MAX_PAST_DAYS}, which reaches any date we take`),
          ),
        DEFAULT_PAST_DAYS,
      ),
    }),
    { pastDays: DEFAULT_PAST_DAYS },
  ),
});

/**
 * A partner without its webhook secrets: everything the publisher needs (name, homepage, agreement,
 * carried publishers) and nothing that may not sit in a Lambda's environment or a CloudFormation
 * template. Derived from {@link partnerSchema}, so the two cannot drift; still strict, so a document that
 * carries `secrets` is refused rather than silently stripped. Parsed, it is a {@link Partner} whose
 * `secrets` list is empty: such a partner can be published, never verified.
 */
export const publicPartnerSchema = z.pipe(
  z.omit(partnerSchema, { secrets: true }),
  z.transform((partner: PublicPartner): Partner => ({ ...partner, secrets: [] })),
);

/** Refuses a registry that names one partner id twice. */
function uniquePartnerIds(
  registry: { partners: ReadonlyArray<{ id: string }> },
  ctx: z.core.$RefinementCtx,
): void {
  const seen = new Set<string>();
  registry.partners.forEach((partner, index) => {
    if (seen.has(partner.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['partners', index, 'id'],
        message: `duplicate partner id "${partner.id}"`,
      });
    }
    seen.add(partner.id);
  });
}

/** The whole registry file. Partner ids must be unique. */
export const partnerRegistrySchema = z
  .strictObject({ $comment: z.optional(z.string()), partners: z.array(partnerSchema) })
  .check(z.superRefine(uniquePartnerIds));

/** The registry's non-secret part as one document. Partner ids must be unique. */
export const publicPartnerRegistrySchema = z
  .strictObject({ $comment: z.optional(z.string()), partners: z.array(publicPartnerSchema) })
  .check(z.superRefine(uniquePartnerIds));

/** A partner as validated, with defaults applied. */
export type Partner = z.infer<typeof partnerSchema>;
/** A partner without its secrets, with defaults applied. */
export type PublicPartner = Omit<Partner, 'secrets'>;
/** A partner without secrets as written in a document: defaults may be left out (see {@link publicPartnerSchema}). */
export type PublicPartnerInput = z.input<typeof publicPartnerSchema>;
/** A publisher a partner carries. */
export type CarriedPublisher = z.infer<typeof carriedPublisherSchema>;
