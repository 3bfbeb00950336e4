import { ProblemError } from '../errors/problem-error';
import type { HttpResponse } from './http-response';

/**
 * Problem `type` URIs are relative references under `/problems/`, so they are the same string
 * in every deployment and a partner can match on them (RFC 9457 §3.1.1).
 */
export const PROBLEM_TYPE_BASE = '/problems/';

/** The slug of the problem every unexpected fault is answered with. */
const INTERNAL_ERROR = 'internal-error';

/**
 * The last segment of the problem `type` an error is answered with: a `ProblemError`'s slug, else
 * `internal-error`. Metrics count refusals by it (docs/operations.md).
 */
export function problemSlugOf(error: unknown): string {
  return error instanceof ProblemError ? error.slug : INTERNAL_ERROR;
}

/**
 * The one place where errors become `application/problem+json`. A `ProblemError` is rendered
 * as it says; anything else is an internal fault and is answered with a 500 that echoes nothing.
 */
export function toProblemResponse(error: unknown, instance?: string): HttpResponse {
  if (error instanceof ProblemError) {
    const body: Record<string, unknown> = {
      type: `${PROBLEM_TYPE_BASE}${error.slug}`,
      title: error.title,
      status: error.status,
      detail: error.detail,
    };
    if (instance) body.instance = instance;
    if (error.fieldErrors.length > 0) body.errors = error.fieldErrors;
    return {
      statusCode: error.status,
      headers: { 'content-type': 'application/problem+json', ...error.headers },
      body: JSON.stringify(body),
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
    statusCode: 500,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(body),
  };
}
