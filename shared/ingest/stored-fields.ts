import type { ArticleContent } from '../domain/article';
import { ValidationError } from '../errors/http-errors';
import type { ArticlePayload } from './delivery-schema';

/**
 * What an article's fields other than its body may take together once cleaned. An article is
 * stored as one DynamoDB item of at most 400 KB, of which the compressed body may take 350,000
 * bytes (`dynamodb-article-store.ts`); this leaves some 10 KB for keys, ids and stamps. Every field
 * has a limit of its own, but together they could pass this one (a hundred authors with long
 * URLs), and an article that validates must be storable.
 */
export const MAX_STORED_FIELDS_BYTES = 48 * 1024;

/** The fields a partner sends that are stored beside the body, in the order a refusal names them. */
const STORED_PAYLOAD_FIELDS = [
  'url',
  'title',
  'publishedAt',
  'updatedAt',
  'author',
  'authors',
  'summary',
  'language',
  'categories',
  'image',
  'attribution',
] as const satisfies readonly (keyof ArticlePayload)[];

/** Bytes of a value as JSON, which never undercounts what DynamoDB charges for the same value. */
function bytesOf(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Refuses with `422` an article whose fields other than its body would not fit beside it once
 * stored, naming the field the partner sent that takes the most room.
 */
export function assertStoredFieldsFit(content: ArticleContent, payload: ArticlePayload): void {
  const { bodyHtml: _body, ...fields } = content;
  const stored = bytesOf(fields);
  if (stored <= MAX_STORED_FIELDS_BYTES) return;
  const [field, bytes] = STORED_PAYLOAD_FIELDS.map((name) => [name, bytesOf(payload[name])] as const).reduce(
    (largest, candidate) => (candidate[1] > largest[1] ? candidate : largest),
  );
  throw new ValidationError({
    detail:
      `The article's fields other than its content take ${stored} bytes once cleaned; at most ` +
      `${MAX_STORED_FIELDS_BYTES} can be stored beside the content. /data/${field} takes ${bytes}.`,
    fieldErrors: [
      {
        pointer: `/data/${field}`,
        message: `is too large to store: the fields other than the content may take ${MAX_STORED_FIELDS_BYTES} bytes together`,
      },
    ],
  });
}
