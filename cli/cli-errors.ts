/**
 * `synd`'s exit codes (docs/cli.md): scripts branch on them, so they are few and stable.
 * - `ok` 0: done (and live, unless `--no-wait`).
 * - `refused` 1: the API (or the webhook) refused, a job failed, or a change was not live in time.
 * - `usage` 2: the command line or the environment is wrong (commander's errors, a bad option value).
 * - `unreachable` 3: nothing answers at the API's address, or there is no token to send it.
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

/** One of `EXIT`'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line or the environment is wrong; the message says what to change. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Nothing answers at an address the command needed (the webhook, for `sign`). Exit 3. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

/** No token to send: none given, and no local run's token file to read. Exit 3. */
export class MissingTokenError extends Error {
  override name = 'MissingTokenError';
}

/**
 * The API accepted the request but the outcome is not what was asked: a job failed, or a change
 * was not live before the wait ended. Exit 1.
 */
export class OutcomeError extends Error {
  override name = 'OutcomeError';
}

/**
 * `synd login` did not sign in: the identity provider refused or answered with something `synd`
 * cannot use, an answer did not belong to this sign-in, or none came in time. Exit 1.
 * `code` is the OAuth error code when the provider gave one.
 */
export class SignInError extends Error {
  override name = 'SignInError';
  readonly code: string | undefined;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
  }
}
