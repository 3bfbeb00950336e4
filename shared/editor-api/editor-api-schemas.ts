import { shortestLanguageTag } from '../config/language-tag-schema';
import * as z from '../config/zod';
import { CORRECTABLE_FIELDS, type CorrectableField, type CorrectableValues } from '../domain/editorial';
import type { CorrectionRequest } from '../editor/editor-use-cases';
import { EDITORIAL_STATES } from '../editor/editor-views';
import { httpUrl, RELEASED_WHILE_CORRECTED, releasedWhileCorrected } from '../editor/normalise-correction';
import { parseRepublishScope, type RepublishScope } from '../jobs/republish-job';
import { inlineText, type PlainText } from '../text/markup';

/** The editor list's page size when the request names none, and its bounds. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

/** The longest reason an editor may give; it is shown on the page, so it stays a sentence or two. */
export const MAX_REASON_LENGTH = 500;

const required = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

/**
 * Text judged by its length as the pipeline will store it (on one tidy line), passed on as typed:
 * `normaliseCorrection` gives it its canonical form, for every caller.
 */
function text(max: number) {
  return z.pipe(
    z.string({ error: required('a string') }).check(
      z.superRefine((value, context) => {
        const length = inlineText(value).length;
        if (length === 0) context.addIssue({ code: 'custom', message: 'must not be empty' });
        else if (length > max)
          context.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      }),
    ),
    z.transform((value: string) => value as PlainText),
  );
}

/** A link, by the use case's own rule (`httpUrl`), passed on as typed. */
const httpLink = z
  .string({ error: required('an absolute http(s) URL') })
  .check(z.refine((value) => httpUrl(value) !== undefined, 'must be an absolute http(s) URL'));

const partnerId = z
  .string({ error: required('a string') })
  .check(z.regex(/^[a-z0-9-]{1,64}$/, 'must be a partner id: 1 to 64 of a-z, 0-9 and -'));

/** A query parameter in canonical form: the shortest tag of its language, as articles are filed. */
const languageTag = z.pipe(
  z.string().check(z.maxLength(64, 'must be a BCP 47 language tag (`ar`, `en-GB`)')),
  shortestLanguageTag,
);

const LIST_LIMIT_RULE = `must be a whole number from 1 to ${MAX_LIST_LIMIT}`;

const listLimit = z.pipe(
  z.pipe(z.string().check(z.regex(/^[0-9]{1,3}$/, LIST_LIMIT_RULE)), z.transform(Number)),
  z.number().check(z.minimum(1, LIST_LIMIT_RULE), z.maximum(MAX_LIST_LIMIT, LIST_LIMIT_RULE)),
);

/** `GET /v1/articles`: filters, a page size and a cursor; any other parameter is refused. */
export const articleListQuerySchema = z.strictObject({
  partner: z.optional(partnerId),
  state: z.optional(z.enum(EDITORIAL_STATES, { error: `must be one of ${EDITORIAL_STATES.join(', ')}` })),
  language: z.optional(languageTag),
  limit: z.optional(listLimit),
  cursor: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
});

const person = z.strictObject({ name: text(200), url: z.optional(httpLink) });

/** The attribution an editor may correct, as the API spells it; mapped onto `CorrectableValues`. */
const attribution = z.strictObject({
  publisher: z.optional(person),
  authors: z.optional(z.array(person).check(z.maxLength(20, 'must list at most 20 authors'))),
  license: z.optional(
    z.union([text(200), z.null()], { error: 'must be a string, or null to remove the license' }),
  ),
  originalUrl: z.optional(httpLink),
});

const release = z
  .array(z.enum(CORRECTABLE_FIELDS, { error: `must be one of ${CORRECTABLE_FIELDS.join(', ')}` }))
  .check(z.maxLength(CORRECTABLE_FIELDS.length));

const reason = text(MAX_REASON_LENGTH);

function correctableValues(body: {
  title?: PlainText;
  summary?: PlainText;
  categories?: PlainText[];
  attribution?: z.output<typeof attribution>;
}): CorrectableValues {
  const values: CorrectableValues = {};
  if (body.title !== undefined) values.title = body.title;
  if (body.summary !== undefined) values.summary = body.summary;
  if (body.categories !== undefined) values.categories = body.categories;
  const given = body.attribution ?? {};
  if (given.publisher !== undefined) values.publisher = given.publisher;
  if (given.authors !== undefined) values.authors = given.authors;
  if (given.license !== undefined) values.license = given.license;
  if (given.originalUrl !== undefined) values.originalUrl = given.originalUrl;
  return values;
}

const correctionFields = z.strictObject({
  reason,
  title: z.optional(text(300)),
  summary: z.optional(text(1000)),
  categories: z.optional(z.array(text(100)).check(z.maxLength(20, 'must list at most 20 categories'))),
  attribution: z.optional(attribution),
  release: z.optional(release),
});

/**
 * `PATCH /v1/articles/{articleId}`: new values for some correctable fields, fields given back to
 * the partner (`release`), and the reason, which readers see. It must change something, and may not
 * both set and release one field.
 */
export const correctionBodySchema = z.pipe(
  correctionFields,
  z.transform((body: z.output<typeof correctionFields>, context): CorrectionRequest => {
    const values = correctableValues(body);
    const released: CorrectableField[] = body.release ?? [];
    const contradicting = new Set(releasedWhileCorrected(values, released));
    released.forEach((field, index) => {
      if (released.indexOf(field) !== index)
        context.issues.push({
          code: 'custom',
          path: ['release', index],
          message: `names ${field} twice`,
          input: field,
        });
      else if (contradicting.has(index))
        context.issues.push({
          code: 'custom',
          path: ['release', index],
          message: RELEASED_WHILE_CORRECTED(field),
          input: field,
        });
    });
    if (Object.keys(values).length === 0 && released.length === 0) {
      context.issues.push({
        code: 'custom',
        path: [],
        message: 'must correct at least one field (title, summary, categories, attribution) or release one',
        input: body,
      });
    }
    return { values, release: released, reason: body.reason };
  }),
);

/** `POST /v1/articles/{articleId}/unpublish`: why it comes down, for the audit trail. */
export const unpublishBodySchema = z.strictObject({ reason });

/** `POST /v1/articles/{articleId}/republish`: the reason is optional, and so is the body. */
export const republishArticleBodySchema = z.optional(z.strictObject({ reason: z.optional(reason) }));

/** `POST /v1/republish`: the scope as `all`, `feeds` or `partner:{id}`. */
export const republishBodySchema = z.strictObject({
  scope: z.pipe(
    z.string({ error: required('a string') }),
    z.transform((text: string, context): RepublishScope => {
      const scope = parseRepublishScope(text);
      if (scope) return scope;
      context.issues.push({ code: 'custom', message: 'must be all, feeds or partner:{id}', input: text });
      return z.NEVER;
    }),
  ),
});
