import * as z from 'zod';
import { CORRECTABLE_FIELDS, type CorrectableField, type CorrectableValues } from '../domain/editorial';
import type { CorrectionRequest } from '../editor/editor-use-cases';
import { EDITORIAL_STATES } from '../editor/editor-views';
import { httpUrl, RELEASED_WHILE_CORRECTED, releasedWhileCorrected } from '../editor/normalise-correction';
import { parseRepublishScope, type RepublishScope } from '../jobs/republish-job';
import { checkLanguageTag } from '../text/language-tag';
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
  return z
    .string({ error: required('a string') })
    .superRefine((value, context) => {
      const length = inlineText(value).length;
      if (length === 0) context.addIssue({ code: 'custom', message: 'must not be empty' });
      else if (length > max)
        context.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    })
    .transform((value) => value as PlainText);
}

/** A link, by the use case's own rule (`httpUrl`), passed on as typed. */
const httpLink = z
  .string({ error: required('an absolute http(s) URL') })
  .refine((value) => httpUrl(value) !== undefined, 'must be an absolute http(s) URL');

const partnerId = z
  .string({ error: required('a string') })
  .regex(/^[a-z0-9-]{1,64}$/, 'must be a partner id: 1 to 64 of a-z, 0-9 and -');

/** A query parameter in canonical form: the shortest tag of its language, as articles are filed. */
const languageTag = z
  .string()
  .max(64, 'must be a BCP 47 language tag (`ar`, `en-GB`)')
  .transform((tag, context) => {
    const check = checkLanguageTag(tag);
    if ('language' in check) return check.language;
    context.addIssue({ code: 'custom', message: check.problem });
    return z.NEVER;
  });

const listLimit = z
  .string()
  .regex(/^[0-9]{1,3}$/, `must be a whole number from 1 to ${MAX_LIST_LIMIT}`)
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, `must be a whole number from 1 to ${MAX_LIST_LIMIT}`)
      .max(MAX_LIST_LIMIT, `must be a whole number from 1 to ${MAX_LIST_LIMIT}`),
  );

/** `GET /v1/articles`: filters, a page size and a cursor; any other parameter is refused. */
export const articleListQuerySchema = z.strictObject({
  partner: partnerId.optional(),
  state: z.enum(EDITORIAL_STATES, { error: `must be one of ${EDITORIAL_STATES.join(', ')}` }).optional(),
  language: languageTag.optional(),
  limit: listLimit.optional(),
  cursor: z.string().min(1, 'must not be empty').optional(),
});

const person = z.strictObject({ name: text(200), url: httpLink.optional() });

/** The attribution an editor may correct, as the API spells it; mapped onto `CorrectableValues`. */
const attribution = z.strictObject({
  publisher: person.optional(),
  authors: z.array(person).max(20, 'must list at most 20 authors').optional(),
  license: z
    .union([text(200), z.null()], { error: 'must be a string, or null to remove the license' })
    .optional(),
  originalUrl: httpLink.optional(),
});

const release = z
  .array(z.enum(CORRECTABLE_FIELDS, { error: `must be one of ${CORRECTABLE_FIELDS.join(', ')}` }))
  .max(CORRECTABLE_FIELDS.length);

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

/**
 * `PATCH /v1/articles/{articleId}`: new values for some correctable fields, fields given back to
 * the partner (`release`), and the reason, which readers see. It must change something, and may not
 * both set and release one field.
 */
export const correctionBodySchema = z
  .strictObject({
    reason,
    title: text(300).optional(),
    summary: text(1000).optional(),
    categories: z.array(text(100)).max(20, 'must list at most 20 categories').optional(),
    attribution: attribution.optional(),
    release: release.optional(),
  })
  .transform((body, context): CorrectionRequest => {
    const values = correctableValues(body);
    const released: CorrectableField[] = body.release ?? [];
    const contradicting = new Set(releasedWhileCorrected(values, released));
    released.forEach((field, index) => {
      if (released.indexOf(field) !== index)
        context.addIssue({ code: 'custom', path: ['release', index], message: `names ${field} twice` });
      else if (contradicting.has(index))
        context.addIssue({
          code: 'custom',
          path: ['release', index],
          message: RELEASED_WHILE_CORRECTED(field),
        });
    });
    if (Object.keys(values).length === 0 && released.length === 0) {
      context.addIssue({
        code: 'custom',
        path: [],
        message: 'must correct at least one field (title, summary, categories, attribution) or release one',
      });
    }
    return { values, release: released, reason: body.reason };
  });

/** `POST /v1/articles/{articleId}/unpublish`: why it comes down, for the audit trail. */
export const unpublishBodySchema = z.strictObject({ reason });

/** `POST /v1/articles/{articleId}/republish`: the reason is optional, and so is the body. */
export const republishArticleBodySchema = z.strictObject({ reason: reason.optional() }).optional();

/** `POST /v1/republish`: the scope as `all`, `feeds` or `partner:{id}`. */
export const republishBodySchema = z.strictObject({
  scope: z.string({ error: required('a string') }).transform((text, context): RepublishScope => {
    const scope = parseRepublishScope(text);
    if (scope) return scope;
    context.addIssue({ code: 'custom', message: 'must be all, feeds or partner:{id}' });
    return z.NEVER;
  }),
});
