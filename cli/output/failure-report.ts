import { CommanderError } from 'commander';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import {
  EXIT,
  type ExitCode,
  MissingTokenError,
  OutcomeError,
  SignInError,
  UnreachableError,
  UsageError,
} from '../cli-errors';
import { ApiProblemError, ApiUnreachableError, type FieldProblem } from '../editor-api-client';

/**
 * The option that sets each request field, so a refusal names what the person typed. Pointers are
 * into the request body (PATCH, unpublish, republish) or the list's query.
 */
const OPTION_OF_POINTER: [prefix: string, option: string][] = [
  ['/attribution/publisher/name', '--publisher-name'],
  ['/attribution/publisher/url', '--publisher-url'],
  ['/attribution/publisher', '--publisher-name'],
  ['/attribution/authors', '--author'],
  ['/attribution/license', '--license'],
  ['/attribution/originalUrl', '--original-url'],
  ['/categories', '--category'],
  ['/release', '--release'],
  ['/scope', '--partner'],
  ['/title', '--title'],
  ['/summary', '--summary'],
  ['/reason', '--reason'],
  ['/partner', '--partner'],
  ['/state', '--state'],
  ['/language', '--language'],
  ['/limit', '--limit'],
  ['/cursor', '--cursor'],
];

/** `/categories/3` as `--category (#4)`; a pointer no option sets is shown as it is. */
export function optionOfPointer(pointer: string): string {
  for (const [prefix, option] of OPTION_OF_POINTER) {
    if (pointer === prefix) return option;
    if (pointer.startsWith(`${prefix}/`)) {
      const index = /^\/(\d+)/.exec(pointer.slice(prefix.length))?.[1];
      return index === undefined ? option : `${option} (#${Number(index) + 1})`;
    }
  }
  return pointer || '(request)';
}

function fieldLines(errors: FieldProblem[]): string[] {
  return errors.map((error) => `  ${optionOfPointer(error.pointer)}: ${error.message}`);
}

/** What went wrong, where the caller can act on it. */
export interface FailureReport {
  exitCode: ExitCode;
  /** Lines for stderr, the first prefixed with `synd: `; empty when commander has printed its own. */
  lines: string[];
}

/** Context a refusal's hint depends on. */
export interface FailureContext {
  /** Where the token came from, when the API refused it. */
  tokenSource?: string;
  /** The API's address is on this machine. */
  local?: boolean;
  /** Where `npm start` writes its token, from `DATA_DIR` as `synd` reads it. */
  localTokenFile?: string;
}

/**
 * Every failure as one readable line (plus one per refused field) and its exit code; never a stack.
 * Errors not foreseen here are reported by message alone.
 */
export function reportFailure(error: unknown, context: FailureContext = {}): FailureReport {
  if (error instanceof CommanderError) {
    // Commander has printed its message. Help asked for, and --version, are successes; help shown
    // because a command was incomplete (`synd articles`) is a usage error.
    const shown = ['commander.help', 'commander.helpDisplayed', 'commander.version'].includes(error.code);
    return { exitCode: shown && error.exitCode === 0 ? EXIT.ok : EXIT.usage, lines: [] };
  }
  if (error instanceof UsageError || error instanceof ConfigurationError) {
    return { exitCode: EXIT.usage, lines: [`synd: ${error.message}`] };
  }
  if (error instanceof MissingTokenError || error instanceof UnreachableError)
    return { exitCode: EXIT.unreachable, lines: [`synd: ${error.message}`] };
  if (error instanceof ApiUnreachableError) {
    const hint = context.local
      ? 'is the pipeline running? start it with npm start, or point --api-url / SYND_API_URL at the API'
      : 'check --api-url / SYND_API_URL and the network';
    return { exitCode: EXIT.unreachable, lines: [`synd: ${error.message} (${hint})`] };
  }
  if (error instanceof ApiProblemError) {
    const first = `synd: ${error.status} ${error.title}${error.detail ? `: ${error.detail}` : ''}`;
    const lines = [first, ...fieldLines(error.fieldErrors)];
    if (error.status === 401 && context.tokenSource === 'synd login') {
      lines.push('  the API refused the sign-in synd login stored: run synd login again');
    } else if (error.status === 401) {
      const where = context.tokenSource ?? 'the token';
      const local = context.local
        ? `; npm start writes its current token to ${context.localTokenFile ?? '.data/editor-token'}`
        : '';
      lines.push(`  the API refused the token from ${where}: check --token / SYND_TOKEN${local}`);
    }
    return { exitCode: EXIT.refused, lines };
  }
  if (error instanceof SignInError) return { exitCode: EXIT.refused, lines: [`synd: ${error.message}`] };
  if (error instanceof OutcomeError) return { exitCode: EXIT.refused, lines: [`synd: ${error.message}`] };
  return { exitCode: EXIT.refused, lines: [`synd: ${(error as Error)?.message ?? String(error)}`] };
}
