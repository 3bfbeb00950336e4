import * as z from '../config/zod';
import type { EditorialState } from '../editor/editor-views';
import { EDITORIAL_STATES } from '../editor/editor-views';
import { MalformedRequestError } from '../errors/http-errors';

/** The filters of an editor list, as a cursor records them: a cursor only continues the list it came from. */
export interface ListFilters {
  partnerId?: string;
  state?: EditorialState;
  language?: string;
}

/** Far more than a cursor of ours needs (an order key and three short filters), far less than a URL allows. */
export const MAX_CURSOR_LENGTH = 1024;

const CURSOR_VERSION = 1;

const cursorSchema = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  after: z.string().check(z.minLength(1), z.maxLength(512)),
  filters: z.strictObject({
    partnerId: z.optional(z.string()),
    state: z.optional(z.enum(EDITORIAL_STATES)),
    language: z.optional(z.string()),
  }),
});

function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return a.partnerId === b.partnerId && a.state === b.state && a.language === b.language;
}

function definedFilters(filters: ListFilters): ListFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/**
 * The opaque `nextCursor` of a list page: base64url of a small versioned JSON holding the position
 * to continue from and the filters of the list it continues. Opaque to clients, so the order key
 * can change shape without breaking anyone; versioned, so an old cursor is refused in words.
 */
export function encodeListCursor(after: string, filters: ListFilters): string {
  return Buffer.from(
    JSON.stringify({ v: CURSOR_VERSION, after, filters: definedFilters(filters) }),
    'utf8',
  ).toString('base64url');
}

function refused(detail: string, cause?: unknown): MalformedRequestError {
  return new MalformedRequestError({ detail, cause });
}

/**
 * The position a cursor continues from. A cursor that does not decode, or was made for other filters
 * (continuing it would skip or repeat articles), is a 400 that says so.
 */
export function decodeListCursor(cursor: string, filters: ListFilters): string {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw refused('The cursor is not one this API gave: pass nextCursor exactly as it came.');
  }
  let decoded: z.infer<typeof cursorSchema>;
  try {
    decoded = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw refused('The cursor is not one this API gave: pass nextCursor exactly as it came.', error);
  }
  if (!sameFilters(decoded.filters, filters)) {
    throw refused(
      'The cursor continues a list with other filters: repeat the partner, state and language of the request that gave it, or start again without a cursor.',
    );
  }
  return decoded.after;
}
