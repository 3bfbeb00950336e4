import type * as z from '../config/zod';
import { toJsonPointer } from '../config/zod-issues';
import { MalformedRequestError, UnsupportedMediaTypeError, ValidationError } from '../errors/http-errors';
import type { FieldError } from '../errors/problem-error';

/** What a request's values are called in messages: the fields of a body, the parameters of a query. */
export type ValueKind = 'body' | 'query';

/** Each rule a value breaks, located by a JSON pointer; an unknown field is named by its own pointer. */
export function fieldErrorsOf(error: z.core.$ZodError, kind: ValueKind = 'body'): FieldError[] {
  const unknown = kind === 'body' ? 'is not a field of this request' : 'is not a parameter of this request';
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ pointer: toJsonPointer([...issue.path, key]), message: unknown }))
      : [{ pointer: toJsonPointer(issue.path), message: issue.message }],
  );
}

/**
 * The value as the schema makes it, or a 422 listing every rule it breaks. Pointers point into the
 * JSON body, or, for a query, into the object of its parameters (`/limit`).
 */
export function validateOrRefuse<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  kind: ValueKind,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const what = kind === 'body' ? 'body' : 'query string';
  throw new ValidationError({
    detail: `The ${what} breaks ${parsed.error.issues.length === 1 ? 'a rule' : 'some rules'}; see errors.`,
    fieldErrors: fieldErrorsOf(parsed.error, kind),
    cause: parsed.error,
  });
}

/** A body as the route received it: its media type and its bytes. */
export interface RequestBody {
  contentType?: string;
  bytes: Uint8Array;
}

/** `application/json`, with no parameter or only `charset=utf-8` (JSON is UTF-8: RFC 8259 §8.1). */
function isJson(contentType: string): boolean {
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter));
}

/**
 * The JSON value of a body. A body in another media type is a 415; bytes that are not UTF-8 or not
 * JSON are a 400 (their content is not echoed). An empty body is `undefined` when `emptyAllowed`,
 * so a route whose every field is optional can be called without one; otherwise a 400.
 */
export function readJsonBody(body: RequestBody, options: { emptyAllowed: boolean }): unknown {
  if (body.bytes.length === 0) {
    if (options.emptyAllowed) return undefined;
    throw new MalformedRequestError({
      detail: 'This request needs a JSON body (Content-Type: application/json).',
    });
  }
  if (body.contentType === undefined || !isJson(body.contentType)) {
    throw new UnsupportedMediaTypeError({
      detail: 'The body must be JSON, sent as Content-Type: application/json.',
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body.bytes);
  } catch (error) {
    throw new MalformedRequestError({ detail: 'The body is not UTF-8 text.', cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedRequestError({ detail: 'The body is not valid JSON.', cause: error });
  }
}

/**
 * The parameters of a query string as one object, for a schema to judge. A name given twice is a 422:
 * which of the two was meant cannot be told.
 */
export function queryObject(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  const repeated: FieldError[] = [];
  for (const [name, value] of search) {
    if (Object.hasOwn(query, name))
      repeated.push({ pointer: toJsonPointer([name]), message: 'is given more than once' });
    query[name] = value;
  }
  if (repeated.length > 0) {
    throw new ValidationError({
      detail: 'The query string breaks a rule; see errors.',
      fieldErrors: repeated,
    });
  }
  return query;
}
