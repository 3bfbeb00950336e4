import { isDeepStrictEqual } from 'node:util';
import type { ArticleContent } from './article';
import { CORRECTABLE_FIELDS, type CorrectableField, type CorrectableValues } from './editorial';

/** The correctable fields present in `values`, in `CORRECTABLE_FIELDS` order. */
export function fieldsOf(values: CorrectableValues): CorrectableField[] {
  return CORRECTABLE_FIELDS.filter((field) => values[field] !== undefined);
}

/** What `content` says for each of `fields`; a missing license is `null` (it is a value that can be held). */
export function correctableValuesOf(
  content: ArticleContent,
  fields: readonly CorrectableField[],
): CorrectableValues {
  const values: CorrectableValues = {};
  for (const field of fields) {
    switch (field) {
      case 'title':
        values.title = content.title;
        break;
      case 'summary':
        values.summary = content.summary;
        break;
      case 'categories':
        values.categories = [...content.categories];
        break;
      case 'authors':
        values.authors = content.authors.map((author) => ({ ...author }));
        break;
      case 'publisher':
        values.publisher = { ...content.attribution.publisher };
        break;
      case 'license':
        values.license = content.attribution.license ?? null;
        break;
      case 'originalUrl':
        values.originalUrl = content.attribution.originalUrl;
        break;
    }
  }
  return values;
}

/** `content` with every value `values` sets; the fields it leaves out keep what `content` says. */
export function withCorrectableValues(content: ArticleContent, values: CorrectableValues): ArticleContent {
  const attribution = { ...content.attribution };
  if (values.publisher !== undefined) attribution.publisher = { ...values.publisher };
  if (values.license !== undefined) {
    if (values.license === null) delete attribution.license;
    else attribution.license = values.license;
  }
  if (values.originalUrl !== undefined) attribution.originalUrl = values.originalUrl;
  return {
    ...content,
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.summary !== undefined ? { summary: values.summary } : {}),
    ...(values.categories !== undefined ? { categories: [...values.categories] } : {}),
    ...(values.authors !== undefined ? { authors: values.authors.map((author) => ({ ...author })) } : {}),
    attribution,
  };
}

/** Whether `content` already says `value` for `field`. */
export function saysAlready(
  content: ArticleContent,
  field: CorrectableField,
  value: CorrectableValues[CorrectableField],
): boolean {
  return isDeepStrictEqual(normalised(correctableValuesOf(content, [field])[field]), normalised(value));
}

/** Drops undefined members, so `{ name, url: undefined }` equals `{ name }`. */
function normalised(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
