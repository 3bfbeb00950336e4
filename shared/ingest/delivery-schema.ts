import { z } from 'zod';
import { tidyInlineText } from '../text/xml-safe-text';

const MAX_CONTENT_BYTES = 512 * 1024;

const rfc3339 = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 date-time with an offset (Z or ±hh:mm)' })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1000 && year <= 9999;
  }, 'must be a date between the years 1000 and 9999');

/** Stored in its serialised form, which percent-encodes control characters XML forbids. */
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
  .max(2048)
  .transform((value) => new URL(value).href);

const withinBytes = (limit: number) => (value: string) => Buffer.byteLength(value, 'utf8') <= limit;

/**
 * Names and labels are text, shown as text everywhere; a tag in one is markup sent by mistake,
 * which readers and the feed validator would take for HTML. Refused, as in a title.
 */
const withoutMarkup = (value: string) => !/<\/?[a-z][^>]*>/i.test(value);
const WITHOUT_MARKUP = 'must be text, without markup';

const authorName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .refine(withoutMarkup, WITHOUT_MARKUP);
const authorSchema = z.union([authorName, z.object({ name: authorName, url: httpUrl.optional() })]);

const languageTag = z
  .string()
  .max(35)
  .refine((value) => {
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag');

/** The article of `article.published` and `article.updated` (CONTRACT §1). Unknown fields are ignored. */
export const articlePayloadSchema = z
  .object({
    externalId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1-200 of A-Z, a-z, 0-9, ".", "_", ":", "-"'),
    url: httpUrl,
    title: z
      .string()
      .trim()
      // Empty once control characters and spaces are gone is empty.
      .refine((value) => tidyInlineText(value).length > 0, 'must not be empty')
      .refine((value) => [...value].length <= 500, 'must be at most 500 characters')
      .refine(withoutMarkup, WITHOUT_MARKUP),
    contentHtml: z.string().refine(withinBytes(MAX_CONTENT_BYTES), 'must be at most 512 KiB').optional(),
    contentText: z.string().refine(withinBytes(MAX_CONTENT_BYTES), 'must be at most 512 KiB').optional(),
    publishedAt: rfc3339,
    updatedAt: rfc3339.optional(),
    author: z.union([authorSchema, z.array(authorSchema).max(50)]).optional(),
    authors: z.union([authorSchema, z.array(authorSchema).max(50)]).optional(),
    summary: z.string().max(5000).optional(),
    language: languageTag.optional(),
    categories: z
      .array(z.string().trim().min(1).max(100).refine(withoutMarkup, WITHOUT_MARKUP))
      .max(20, 'must hold at most 20 categories')
      .optional(),
    image: z.object({ url: httpUrl, alt: z.string().max(1000).optional() }).optional(),
    attribution: z
      .object({
        publisher: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(300)
          .refine(withoutMarkup, WITHOUT_MARKUP),
        url: httpUrl.optional(),
        license: z.string().trim().min(1).max(300).refine(withoutMarkup, WITHOUT_MARKUP).optional(),
      })
      .optional(),
  })
  .superRefine((article, ctx) => {
    const hasHtml = article.contentHtml !== undefined;
    const hasText = article.contentText !== undefined;
    if (hasHtml === hasText) {
      ctx.addIssue({
        code: 'custom',
        path: [hasHtml ? 'contentText' : 'contentHtml'],
        message: hasHtml
          ? 'give contentHtml or contentText, not both'
          : 'one of contentHtml or contentText is required',
      });
    }
    if (article.updatedAt && new Date(article.updatedAt) < new Date(article.publishedAt)) {
      ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'must not be before publishedAt' });
    }
  });

/** The data of `article.deleted`. */
export const deletionPayloadSchema = z.object({
  externalId: articlePayloadSchema.shape.externalId,
});

/** The Standard Webhooks envelope; `data` is checked against the schema its `type` names. */
export const envelopeSchema = z.object({
  type: z.enum(['article.published', 'article.updated', 'article.deleted'], {
    message: 'must be article.published, article.updated or article.deleted',
  }),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time' }),
  data: z.record(z.string(), z.unknown(), { message: 'must be an object' }),
});

export type ArticlePayload = z.infer<typeof articlePayloadSchema>;
export type DeletionPayload = z.infer<typeof deletionPayloadSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;
