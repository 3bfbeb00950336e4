import { ProblemError } from './problem-error';

/** 400: the request cannot be read as what the route expects (bad JSON, bad envelope, bad bytes). */
export class MalformedRequestError extends ProblemError {
  readonly slug = 'malformed-request';
  readonly status = 400;
  readonly title = 'Malformed request';
}

/** 401: missing, invalid or stale credentials. Deliberately vague so nothing can be enumerated. */
export class UnauthorizedError extends ProblemError {
  readonly slug = 'unauthorized';
  readonly status = 401;
  readonly title = 'Unauthorized';
}

/** 404: the addressed resource does not exist. */
export class NotFoundError extends ProblemError {
  readonly slug = 'not-found';
  readonly status = 404;
  readonly title = 'Not found';
}

/** 405: the route exists, but not for this method; carries `Allow`. */
export class MethodNotAllowedError extends ProblemError {
  readonly slug = 'method-not-allowed';
  readonly status = 405;
  readonly title = 'Method not allowed';
}

/** 409: the request conflicts with the stored state (for example an older revision). */
export class ConflictError extends ProblemError {
  readonly slug = 'conflict';
  readonly status = 409;
  readonly title = 'Conflict';
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ProblemError {
  readonly slug = 'payload-too-large';
  readonly status = 413;
  readonly title = 'Payload too large';
}

/** 415: the body is not in a media type the route accepts. */
export class UnsupportedMediaTypeError extends ProblemError {
  readonly slug = 'unsupported-media-type';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/** 422: the body is well formed but breaks the field rules; `fieldErrors` says where. */
export class ValidationError extends ProblemError {
  readonly slug = 'validation-failed';
  readonly status = 422;
  readonly title = 'Validation failed';
}

/** 429: the caller is over its rate limit; carries `Retry-After`. */
export class RateLimitedError extends ProblemError {
  readonly slug = 'rate-limited';
  readonly status = 429;
  readonly title = 'Too many requests';
}

/**
 * 503: a service the request depends on (the table, the bucket) was busy or did not answer, after the
 * SDK's own retries; carries `Retry-After`. Made at the edge from a transient fault, never thrown for
 * bad input.
 */
export class ServiceUnavailableError extends ProblemError {
  readonly slug = 'service-unavailable';
  readonly status = 503;
  readonly title = 'Service unavailable';
}

/** 412: an `If-Match` named a revision the article has moved on from. */
export class PreconditionFailedError extends ProblemError {
  readonly slug = 'precondition-failed';
  readonly status = 412;
  readonly title = 'Precondition failed';
}
