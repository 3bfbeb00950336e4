import { describeIssues, toJsonPointer } from '../config/zod-issues';
import { MalformedRequestError, ValidationError } from '../errors/http-errors';
import {
  type ArticlePayload,
  articlePayloadSchema,
  type DeletionPayload,
  deletionPayloadSchema,
  envelopeSchema,
} from './delivery-schema';

/** A delivery's event, parsed and validated. */
export type DeliveryEvent =
  | { type: 'article.published' | 'article.updated'; occurredAt: string; article: ArticlePayload }
  | { type: 'article.deleted'; occurredAt: string; deletion: DeletionPayload };

/** Deeper than this is refused before zod walks it: no article needs it, and it costs stack. */
const MAX_DEPTH = 32;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const child of Object.values(value)) {
    max = Math.max(max, depthOf(child, depth + 1));
    if (max > MAX_DEPTH) break;
  }
  return max;
}

/**
 * Parses the body of a verified delivery: `400` for JSON or an envelope that cannot be read,
 * `422` with a pointer per field for an article that breaks the rules.
 */
export function parseDelivery(body: string): DeliveryEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MalformedRequestError({
      detail: `The body is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (depthOf(json) > MAX_DEPTH) {
    throw new MalformedRequestError({ detail: `The JSON is nested deeper than ${MAX_DEPTH} levels.` });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new MalformedRequestError({
      detail: `The body is not a Standard Webhooks envelope: ${describeIssues(envelope.error)}`,
      fieldErrors: envelope.error.issues.map((issue) => ({
        pointer: toJsonPointer(issue.path),
        message: issue.message,
      })),
    });
  }
  const { type, timestamp, data } = envelope.data;
  const schema = type === 'article.deleted' ? deletionPayloadSchema : articlePayloadSchema;
  const payload = schema.safeParse(data);
  if (!payload.success) {
    throw new ValidationError({
      detail: `The ${type} data breaks ${payload.error.issues.length} field rule(s).`,
      fieldErrors: payload.error.issues.map((issue) => ({
        pointer: toJsonPointer(issue.path, '/data'),
        message: issue.message,
      })),
    });
  }
  return type === 'article.deleted'
    ? { type, occurredAt: timestamp, deletion: payload.data as DeletionPayload }
    : { type, occurredAt: timestamp, article: payload.data as ArticlePayload };
}
