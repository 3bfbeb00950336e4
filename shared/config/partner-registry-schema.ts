import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
  .describe('absolute http(s) URL');

/** A Standard Webhooks secret: `whsec_` followed by base64 of at least 24 bytes. */
const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be "whsec_" followed by base64')
  .refine((value) => Buffer.from(value.slice('whsec_'.length), 'base64').length >= 24, {
    message: 'must hold at least 24 bytes of key material',
  });

/** A publisher that a partner is known to republish, recognised by name or alias in a credit line. */
export const carriedPublisherSchema = z.strictObject({
  name: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).default([]),
  url: httpUrl.optional(),
});

/** One partner of the registry (CONTRACT §5). */
export const partnerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1-64 of a-z, 0-9 and -'),
  name: z.string().trim().min(1),
  /** Other names the partner's own pages use for it, e.g. in a dateline ("Al-Madar Network"). */
  aliases: z.array(z.string().trim().min(1)).default([]),
  homepage: httpUrl.optional(),
  secrets: z.array(webhookSecret).min(1, 'needs one secret').max(2, 'holds at most two secrets (rotation)'),
  carries: z.array(carriedPublisherSchema).default([]),
  agreement: z
    .strictObject({
      canonical: z.enum(['original', 'self']).default('original'),
      robots: z.enum(['index', 'noindex']).default('index'),
    })
    .default({ canonical: 'original', robots: 'index' }),
  /** Extra chrome for this partner: regular expressions matched against a whole block of text. */
  chromePatterns: z
    .array(
      z.string().refine((source) => {
        try {
          new RegExp(source, 'iu');
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression'),
    )
    .max(50)
    .default([]),
  rateLimit: z
    .strictObject({ perMinute: z.int().min(1).max(1_000_000).default(600) })
    .default({ perMinute: 600 }),
});

/** The whole registry file. Partner ids must be unique. */
export const partnerRegistrySchema = z
  .strictObject({ $comment: z.string().optional(), partners: z.array(partnerSchema) })
  .superRefine((registry, ctx) => {
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
  });

/** A partner as validated, with defaults applied. */
export type Partner = z.infer<typeof partnerSchema>;
/** A publisher a partner carries. */
export type CarriedPublisher = z.infer<typeof carriedPublisherSchema>;
