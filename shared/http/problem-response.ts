import { ServiceUnavailableError } from '../errors/http-errors';
import { ProblemError } from '../errors/problem-error';
import { isTransientFault } from '../errors/transient-fault';
import type { HttpResponse } from './http-response';

/**
 * Problem `type` URIs are relative references under `/problems/`, so they are the same string
 * in every deployment and a partner can match on them (RFC 9457 §3.1.1).
 */
export const PROBLEM_TYPE_BASE = '/problems/';

/** The slug of the problem every unexpected fault is answered with. */
const INTERNAL_ERROR = 'internal-error';

/** Seconds a caller is asked to wait after a transient fault: the SDK has already retried for about as long. */
const TRANSIENT_RETRY_AFTER_SECONDS = 5;

/**
 * The refusal an error is answered with: a `ProblemError` as it is; a dependency's transient fault
 * (throttling, a 5xx, a timeout) as a 503 with `Retry-After`, so partners and editors back off and
 * retry; anything else is not one, and becomes the opaque 500.
 */
function asProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (!isTransientFault(error)) return undefined;
  return new ServiceUnavailableError({
    detail: `A service this request depends on was busy or did not answer in time. It is safe to retry after ${TRANSIENT_RETRY_AFTER_SECONDS} seconds.`,
    headers: { 'retry-after': String(TRANSIENT_RETRY_AFTER_SECONDS) },
    cause: error,
  });
}

/** A refusal as answered, and the slug it is counted by. */
export interface Refusal {
  /**
   * The last segment of the problem `type`: a `ProblemError`'s slug, `service-unavailable` for a
   * transient fault, else `internal-error`. Metrics count refusals by it (docs/operations.md).
   */
  slug: string;
  response: HttpResponse;
}

/**
 * The one place where errors become `application/problem+json`. A `ProblemError` is rendered
 * as it says, a transient fault as a 503 with `Retry-After`; anything else is an internal fault and
 * is answered with a 500 that echoes nothing.
 */
export function toProblemResponse(failure: unknown, instance?: string): HttpResponse {
  return refusalOf(failure, instance).response;
}

/** {@link toProblemResponse}, with the slug the refusal is counted by: the error classified once. */
export function refusalOf(failure: unknown, instance?: string): Refusal {
  const error = asProblem(failure);
  if (error) {
    const body: Record<string, unknown> = {
      type: `${PROBLEM_TYPE_BASE}${error.slug}`,
      title: error.title,
      status: error.status,
      detail: error.detail,
    };
    if (instance) body.instance = instance;
    if (error.fieldErrors.length > 0) body.errors = error.fieldErrors;
    return {
      slug: error.slug,
      response: {
        statusCode: error.status,
        headers: { 'content-type': 'application/problem+json', ...error.headers },
        body: JSON.stringify(body),
      },
    };
  }
  const body: Record<string, unknown> = {
    type: `${PROBLEM_TYPE_BASE}${INTERNAL_ERROR}`,
    title: 'Internal error',
    status: 500,
    detail: 'The request could not be completed. It is safe to retry.',
  };
  if (instance) body.instance = instance;
  return {
    slug: INTERNAL_ERROR,
    response: {
      statusCode: 500,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify(body),
    },
  };
}
