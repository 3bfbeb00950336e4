import { ProblemError } from '../../shared/errors/problem-error';

/**
 * 503: the object could not be read whole and verified within the retry budget (it kept being
 * rewritten, or the S3 server did not answer in time). Carries `Retry-After`; the site never
 * answers with a body it could not verify instead.
 */
export class ObjectUnavailableError extends ProblemError {
  readonly slug = 'object-unavailable';
  readonly status = 503;
  readonly title = 'Object unavailable';
}
