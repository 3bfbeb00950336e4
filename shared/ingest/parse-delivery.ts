import { describeIssues, toJsonPointer } from '../config/zod-issues';
import { MalformedRequestError, ValidationError } from '../errors/http-errors';
import type { FieldError } from '../errors/problem-error';
import {
  type ArticlePayload,
  checkArticlePayload,
  type DeletionPayload,
  deletionPayloadSchema,
  envelopeSchema,
  type PayloadIssue,
} from './delivery-schema';
import { CLOCK_SKEW_ALLOWANCE_SECONDS, futureEventTimeMessage, isBeyondClockSkew } from './time-rules';

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

function refuseData(type: string, issues: readonly PayloadIssue[]): never {
  const fieldErrors: FieldError[] = issues.map((issue) => ({
    pointer: toJsonPointer(issue.path, '/data'),
    message: issue.message,
  }));
  const count = fieldErrors.length === 1 ? '1 field rule' : `${fieldErrors.length} field rules`;
  throw new ValidationError({
    detail: `The ${type} data breaks ${count}: ${fieldErrors.map((e) => `${e.pointer} ${e.message}`).join('; ')}.`,
    fieldErrors,
  });
}

/** A delivery's body read as JSON, or why it cannot be (the `400` it is answered, once its turn comes). */
export type DeliveryJson = { json: unknown } | { refusal: MalformedRequestError };

/** Reads the body of a verified delivery as JSON, nested at most 32 deep; judges nothing else. */
export function readDeliveryJson(body: string): DeliveryJson {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return {
      refusal: new MalformedRequestError({
        detail: `The body is not valid JSON: ${(error as Error).message}`,
        cause: error,
      }),
    };
  }
  if (depthOf(json) > MAX_DEPTH) {
    return {
      refusal: new MalformedRequestError({ detail: `The JSON is nested deeper than ${MAX_DEPTH} levels.` }),
    };
  }
  return { json };
}

/**
 * Parses the body of a verified delivery, judged at `now` (the use case's clock): `400` for JSON or
 * an envelope that cannot be read or whose event time lies in the future, `422` listing every field
 * rule the data breaks, each with its JSON pointer.
 */
export function parseDelivery(body: string | DeliveryJson, now: Date): DeliveryEvent {
  const read = typeof body === 'string' ? readDeliveryJson(body) : body;
  if ('refusal' in read) throw read.refusal;
  const { json } = read;
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
  // The envelope is what is wrong, not the article: 400, like any other envelope the contract refuses.
  if (isBeyondClockSkew(new Date(timestamp), now)) {
    throw new MalformedRequestError({
      detail: futureEventTimeMessage(timestamp, now),
      fieldErrors: [
        {
          pointer: '/timestamp',
          message: `must not be more than ${CLOCK_SKEW_ALLOWANCE_SECONDS} s in the future`,
        },
      ],
    });
  }
  if (type === 'article.deleted') {
    const deletion = deletionPayloadSchema.safeParse(data);
    if (!deletion.success) refuseData(type, deletion.error.issues);
    return { type, occurredAt: timestamp, deletion: deletion.data };
  }
  const checked = checkArticlePayload(data, now);
  if (!checked.success) refuseData(type, checked.issues);
  return { type, occurredAt: timestamp, article: checked.article };
}
