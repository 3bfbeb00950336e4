import type { Author } from '../domain/article';
import type { CorrectableField, CorrectableValues } from '../domain/editorial';
import { ValidationError } from '../errors/http-errors';
import type { FieldError } from '../errors/problem-error';
import { inlineText, type PlainText } from '../text/markup';
import type { CorrectionRequest } from './editor-use-cases';

/**
 * A correction's values as the article stores text: names, titles, summaries, the license and the
 * reason on one tidy line, categories and authors without empties or repeats, links as the URL
 * standard writes them. An editor types into a form, so what they type is text, never markup,
 * exactly as a partner's fields are (docs/decisions/0010-text-and-html-by-type.md). This is where a
 * correction takes its canonical form; the API's schema only checks shape and limits. It also
 * holds the rules any caller must meet: throws `ValidationError` for a required value left empty
 * (a license is removed with `null`), a link that is not http(s), or a field both corrected and
 * released.
 */
export function normaliseCorrection(request: CorrectionRequest): CorrectionRequest {
  const errors: FieldError[] = [];
  const required = (value: string, pointer: string): PlainText => {
    const text = inlineText(value);
    if (!text) errors.push({ pointer, message: 'must not be empty' });
    return text;
  };
  // Links reach hrefs on the page and in feeds: only absolute http(s), serialised as ingest stores them.
  const link = (value: string, pointer: string): string | undefined => {
    const url = httpUrl(value);
    if (url === undefined) errors.push({ pointer, message: 'must be an absolute http(s) URL' });
    return url;
  };
  const { values } = request;
  const normalised: CorrectableValues = {};
  if (values.title !== undefined) normalised.title = required(values.title, '/title');
  if (values.summary !== undefined) normalised.summary = required(values.summary, '/summary');
  if (values.categories !== undefined) {
    normalised.categories = [...new Set(values.categories.map(inlineText).filter(Boolean))];
  }
  if (values.authors !== undefined) {
    normalised.authors = normaliseAuthors(values.authors).map((author, index) => {
      const url = author.url === undefined ? undefined : link(author.url, `/authors/${index}/url`);
      return url ? { name: author.name, url } : { name: author.name };
    });
  }
  if (values.publisher !== undefined) {
    const url = values.publisher.url ? link(values.publisher.url, '/publisher/url') : undefined;
    normalised.publisher = {
      name: required(values.publisher.name, '/publisher/name'),
      ...(url ? { url } : {}),
    };
  }
  if (values.license !== undefined)
    normalised.license = values.license === null ? null : required(values.license, '/license');
  if (values.originalUrl !== undefined) normalised.originalUrl = link(values.originalUrl, '/originalUrl');
  const reason = inlineText(request.reason);
  if (!reason) errors.push({ pointer: '/reason', message: 'must say why' });
  for (const index of releasedWhileCorrected(values, request.release)) {
    errors.push({ pointer: `/release/${index}`, message: RELEASED_WHILE_CORRECTED(request.release[index]) });
  }
  if (errors.length > 0) {
    throw new ValidationError({
      detail: 'The correction has fields that cannot be applied.',
      fieldErrors: errors,
    });
  }
  return { values: normalised, release: [...new Set(request.release)], reason };
}

/** Authors with a name, each once, as ingest keeps them. */
function normaliseAuthors(authors: readonly Author[]): Author[] {
  const seen = new Set<string>();
  const kept: Author[] = [];
  for (const author of authors) {
    const name = inlineText(author.name);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    kept.push(author.url ? { name, url: author.url } : { name });
  }
  return kept;
}

/** What a correction that also releases a field it corrects is told. */
export const RELEASED_WHILE_CORRECTED = (field: string | undefined) =>
  `releases ${field}, which this request also corrects`;

/** The positions in `release` of fields the same request also corrects: the two contradict. */
export function releasedWhileCorrected(
  values: CorrectableValues,
  release: readonly CorrectableField[],
): number[] {
  return release.flatMap((field, index) => (values[field] !== undefined ? [index] : []));
}

const MAX_URL_CHARACTERS = 2048;

/**
 * The one rule for an editor's links, at the API and in the use case: an absolute http(s) URL of
 * at most 2048 characters, as the URL standard serialises it; `undefined` for anything else.
 */
export function httpUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length > MAX_URL_CHARACTERS || !URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
