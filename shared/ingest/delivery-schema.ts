import { htmlNestingDepth } from '../clean/html-depth';
import { isWholeDocument } from '../clean/whole-document';
import { shortestLanguageTag } from '../config/language-tag-schema';
import * as z from '../config/zod';
import { containsMarkup } from '../text/contains-markup';
import { tidyInlineText } from '../text/xml-safe-text';
import { futureUpdateTimeMessage, isFutureUpdate } from './time-rules';

// Every rule below that costs time in the length of its value runs only once the value is known
// to be short enough: a length rule marked `abort` stops zod before the rules after it.

/**
 * A fragment and captured text are stored as they are cleaned, so they are held to what a stored
 * body can be; a whole page is first reduced to its article, which the stored-size rule then judges.
 */
export const MAX_CONTENT_BYTES = 512 * 1024;

/** CONTRACT §1: a partner's whole rendered page; the element limit bounds what extracting costs. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Real articles nest a dozen deep; the cleaning steps recurse, so anything absurd is refused first. */
const MAX_HTML_DEPTH = 200;

const MAX_TITLE_CHARACTERS = 500;

/** Nanoseconds. More digits measure nothing, and an unbounded fraction could not be stored. */
const MAX_FRACTION_DIGITS = 9;

/** RFC 5646 asks every implementation to handle tags up to this long; real ones are far shorter. */
const MAX_LANGUAGE_TAG_CHARACTERS = 35;

const MAX_URL_CHARACTERS = 2048;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** How many digits follow the decimal point of a date-time's seconds. */
function fractionDigits(value: string): number {
  const point = value.indexOf('.');
  if (point === -1) return 0;
  let end = point + 1;
  while (isDigit(value.charCodeAt(end))) end++;
  return end - point - 1;
}

/** An RFC 3339 date-time with an offset, to the nanosecond at most. */
function dateTime(message: string) {
  return z.iso
    .datetime({ offset: true, message, abort: true })
    .check(
      z.refine(
        (value) => fractionDigits(value) <= MAX_FRACTION_DIGITS,
        `must have at most ${MAX_FRACTION_DIGITS} fraction digits (nanoseconds)`,
      ),
    );
}

const rfc3339 = dateTime('must be an RFC 3339 date-time with an offset (Z or ±hh:mm)').check(
  z.refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1000 && year <= 9999;
  }, 'must be a date between the years 1000 and 9999'),
);

/** Stored in its serialised form, which percent-encodes control characters XML forbids. */
const httpUrl = z.pipe(
  z.pipe(
    z
      .string()
      .check(z.maxLength(MAX_URL_CHARACTERS, { message: 'must be at most 2,048 characters', abort: true })),
    z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }),
  ),
  z.transform((value: string) => new URL(value).href),
);

const withinBytes = (limit: number) => (value: string) => Buffer.byteLength(value, 'utf8') <= limit;

/**
 * Names and labels are text, shown as text everywhere; a tag in one is markup sent by mistake,
 * which readers and the feed validator would take for HTML. Refused, as in a title. Linear on any
 * input (no regex: a title of `<a` repeated must not cost quadratic time).
 */
const withoutMarkup = (value: string) => !containsMarkup(value);
const WITHOUT_MARKUP = 'must be text, without markup';

/** At most `limit` characters (code points), without spreading a string that is far too long. */
const withinCharacters = (limit: number) => (value: string) =>
  value.length <= limit || (value.length <= 2 * limit && [...value].length <= limit);

/** A name or a label: trimmed, then 1 to `max` characters of text. */
const label = (max: number, emptyMessage?: string) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, emptyMessage), z.maxLength(max), z.refine(withoutMarkup, WITHOUT_MARKUP));

const authorName = label(200, 'must not be empty');
const authorSchema = z.union([authorName, z.object({ name: authorName, url: z.optional(httpUrl) })]);

/** Reduced to the shortest tag of its language, the form it is stored and published in. */
const languageTag = z.pipe(
  z.string().check(
    z.maxLength(MAX_LANGUAGE_TAG_CHARACTERS, {
      message: `must be at most ${MAX_LANGUAGE_TAG_CHARACTERS} characters`,
      abort: true,
    }),
  ),
  shortestLanguageTag,
);

/** What a partner's article id may be: short, and safe in a table key. */
const EXTERNAL_ID = /^[A-Za-z0-9._:-]{1,200}$/;

const externalId = z
  .string()
  .check(z.regex(EXTERNAL_ID, 'must be 1-200 of A-Z, a-z, 0-9, ".", "_", ":", "-"'));

/**
 * The `data.externalId` of a delivery's JSON when it is one the schema accepts, read without
 * judging the rest: enough to find the article before the delivery is validated.
 */
export function deliveredExternalId(json: unknown): string | undefined {
  const data = (json as { data?: unknown } | null)?.data;
  const id =
    typeof data === 'object' && data !== null ? (data as { externalId?: unknown }).externalId : undefined;
  return typeof id === 'string' && EXTERNAL_ID.test(id) ? id : undefined;
}

/**
 * The article of `article.published` and `article.updated` (CONTRACT §1), each field judged on its
 * own. Unknown fields are ignored. The rules between fields and against the clock are in
 * {@link checkArticlePayload}.
 */
export const articleFieldsSchema = z.object({
  externalId,
  url: httpUrl,
  title: z.string().check(
    z.trim(),
    z.refine(withinCharacters(MAX_TITLE_CHARACTERS), {
      message: `must be at most ${MAX_TITLE_CHARACTERS} characters`,
      abort: true,
    }),
    // Empty once control characters and spaces are gone is empty.
    z.refine((value) => tidyInlineText(value).length > 0, 'must not be empty'),
    z.refine(withoutMarkup, WITHOUT_MARKUP),
  ),
  contentHtml: z.optional(
    z.string().check(
      z.refine(withinBytes(MAX_PAGE_BYTES), { message: 'must be at most 5 MiB', abort: true }),
      z.refine((value) => htmlNestingDepth(value) <= MAX_HTML_DEPTH, {
        message: `must not nest elements more than ${MAX_HTML_DEPTH} deep`,
        abort: true,
      }),
      // Judged only past 512 KiB, and stopping at a page's first tag: one pass at most.
      z.refine((value) => withinBytes(MAX_CONTENT_BYTES)(value) || isWholeDocument(value), {
        message: 'must be at most 512 KiB, unless it is a whole page (at most 5 MiB)',
      }),
    ),
  ),
  contentText: z.optional(
    z.string().check(z.refine(withinBytes(MAX_CONTENT_BYTES), 'must be at most 512 KiB')),
  ),
  publishedAt: rfc3339,
  updatedAt: z.optional(rfc3339),
  author: z.optional(z.union([authorSchema, z.array(authorSchema).check(z.maxLength(50))])),
  authors: z.optional(z.union([authorSchema, z.array(authorSchema).check(z.maxLength(50))])),
  summary: z.optional(z.string().check(z.maxLength(5000))),
  language: z.optional(languageTag),
  categories: z.optional(z.array(label(100)).check(z.maxLength(20, 'must hold at most 20 categories'))),
  image: z.optional(z.object({ url: httpUrl, alt: z.optional(z.string().check(z.maxLength(1000))) })),
  attribution: z.optional(
    z.object({
      publisher: label(300, 'must not be empty'),
      url: z.optional(httpUrl),
      license: z.optional(label(300)),
    }),
  ),
});

/** The data of `article.deleted`. */
export const deletionPayloadSchema = z.object({ externalId });

/** The Standard Webhooks envelope; `data` is checked against the schema its `type` names. */
export const envelopeSchema = z.object({
  type: z.enum(['article.published', 'article.updated', 'article.deleted'], {
    message: 'must be article.published, article.updated or article.deleted',
  }),
  timestamp: dateTime('must be an RFC 3339 date-time'),
  data: z.record(z.string(), z.unknown(), { message: 'must be an object' }),
});

export type ArticlePayload = z.infer<typeof articleFieldsSchema>;
export type DeletionPayload = z.infer<typeof deletionPayloadSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

/** One broken rule, located by its path inside `data`. */
export interface PayloadIssue {
  path: PropertyKey[];
  message: string;
}

/** An article that keeps every rule, or every rule it breaks. */
export type ArticleCheck =
  | { success: true; article: ArticlePayload }
  | { success: false; issues: PayloadIssue[] };

/** The instant a field holds, when the field is a valid date-time on its own. */
function instantOf(value: unknown): Date | undefined {
  return rfc3339.safeParse(value).success ? new Date(value as string) : undefined;
}

/**
 * The rules between fields and against the clock, judged on the raw data wherever the fields they
 * compare are valid on their own: zod skips object-level refinements once any field fails, which
 * would make a partner fix its errors in rounds.
 */
function crossFieldIssues(data: Record<string, unknown>, now: Date): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  const hasHtml = data.contentHtml !== undefined;
  const hasText = data.contentText !== undefined;
  if (hasHtml === hasText) {
    issues.push({
      path: [hasHtml ? 'contentText' : 'contentHtml'],
      message: hasHtml
        ? 'give contentHtml or contentText, not both'
        : 'one of contentHtml or contentText is required',
    });
  }
  const publishedAt = instantOf(data.publishedAt);
  const updatedAt = instantOf(data.updatedAt);
  if (publishedAt && updatedAt && updatedAt < publishedAt) {
    issues.push({ path: ['updatedAt'], message: 'must not be before publishedAt' });
  }
  // A future publishedAt is an embargo, not an error (time-rules.ts).
  if (updatedAt && isFutureUpdate(updatedAt, publishedAt, now)) {
    issues.push({ path: ['updatedAt'], message: futureUpdateTimeMessage(now) });
  }
  return issues;
}

const FIELD_ORDER = Object.keys(articleFieldsSchema.shape);

/**
 * Checks an article against every rule at once (CONTRACT §1, `docs/partners.md`), so one `422` lists
 * all it breaks, in field order. `now` is the instant the delivery is judged at: a `publishedAt`
 * after it is an embargo; an `updatedAt` may lie beyond it by clock skew, or be that embargo.
 */
export function checkArticlePayload(data: Record<string, unknown>, now: Date): ArticleCheck {
  const fields = articleFieldsSchema.safeParse(data);
  const issues: PayloadIssue[] = [
    ...(fields.success ? [] : fields.error.issues.map(({ path, message }) => ({ path, message }))),
    ...crossFieldIssues(data, now),
  ];
  if (fields.success && issues.length === 0) return { success: true, article: fields.data };
  const position = (issue: PayloadIssue) => FIELD_ORDER.indexOf(String(issue.path[0]));
  return { success: false, issues: issues.sort((a, b) => position(a) - position(b)) };
}
