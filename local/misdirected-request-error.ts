import { ProblemError } from '../shared/errors/problem-error';

/**
 * 421: the `Host` header names a site this server does not serve, as a page on another origin that
 * rebinds its DNS name to the loopback address would send (RFC 9110 §15.5.20).
 */
export class MisdirectedRequestError extends ProblemError {
  readonly slug = 'misdirected-request';
  readonly status = 421;
  readonly title = 'Misdirected request';
}
