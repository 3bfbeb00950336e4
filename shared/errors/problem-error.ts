/** One field that failed validation, located by an RFC 6901 JSON pointer into the request body. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** What every refusal carries so it can be rendered as RFC 9457 `application/problem+json`. */
export interface ProblemErrorOptions {
  detail: string;
  fieldErrors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * Base class for every error the service answers on purpose. Anything that is not a
 * `ProblemError` is unexpected and becomes an opaque 500.
 */
export abstract class ProblemError extends Error {
  /** Stable slug, the last segment of the problem `type` URI. */
  abstract readonly slug: string;
  abstract readonly status: number;
  abstract readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(options: ProblemErrorOptions) {
    super(options.detail, { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors ?? [];
    this.headers = options.headers ?? {};
  }
}
