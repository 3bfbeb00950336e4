import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const CHECKOUT = resolve(import.meta.dirname, '../..');

/** What a run of `synd` left: its exit code and both streams. */
export interface SyndRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The variables `synd` reads; a run sees only those its test gives it. */
const SYND_VARIABLES = [
  'SYND_API_URL',
  'SYND_TOKEN',
  'PORT',
  'DATA_DIR',
  'SYND_TABLE',
  'SYND_PARTNER_SECRET',
];

/**
 * Runs `synd` as a person would (`npx synd` runs `bin/synd.mjs`), as a child process with piped
 * (non-TTY) output, in the checkout, with `env` as its only `synd` settings.
 */
export function synd(args: string[], env: Record<string, string> = {}): Promise<SyndRun> {
  const environment: Record<string, string | undefined> = { ...process.env };
  for (const name of SYND_VARIABLES) delete environment[name];
  Object.assign(environment, env);
  return new Promise((done) => {
    execFile(
      'node',
      ['bin/synd.mjs', ...args],
      { cwd: CHECKOUT, env: environment, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A `synd` still running: what it has written so far, and its end. */
export interface RunningSynd {
  /** Resolves with the first match of `pattern` in stderr, as soon as it has been written. */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  done: Promise<SyndRun>;
}

/**
 * Starts `synd` as {@link synd} does, for a command a test must act on while it runs (`login`
 * waits for a browser the test plays).
 */
export function startSynd(args: string[], env: Record<string, string> = {}): RunningSynd {
  const environment: Record<string, string | undefined> = { ...process.env };
  for (const name of SYND_VARIABLES) delete environment[name];
  Object.assign(environment, env);
  const child = spawn('node', ['bin/synd.mjs', ...args], { cwd: CHECKOUT, env: environment });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiting]) {
      const match = stderr.match(waiter.pattern);
      if (match) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const done = new Promise<SyndRun>((resolve) => {
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
  return {
    done,
    stderrMatch(pattern) {
      const match = stderr.match(pattern);
      if (match) return Promise.resolve(match);
      return Promise.race([
        new Promise<RegExpMatchArray>((resolve) => waiting.push({ pattern, resolve })),
        done.then((run) => {
          throw new Error(`synd ended (${run.code}) without writing ${pattern}:\n${run.stderr}`);
        }),
      ]);
    },
  };
}

/**
 * Runs `synd` on a pseudo-terminal (util-linux `script`), as a person at a terminal sees it; what the
 * terminal showed comes back as `stdout`, both streams merged.
 */
export function syndOnTerminal(args: string[], env: Record<string, string> = {}): Promise<SyndRun> {
  const quoted = ['node', 'bin/synd.mjs', ...args]
    .map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`)
    .join(' ');
  const environment: Record<string, string | undefined> = { ...process.env };
  for (const name of SYND_VARIABLES) delete environment[name];
  Object.assign(environment, env);
  return new Promise((done) => {
    execFile(
      'script',
      ['--quiet', '--return', '--command', quoted, '/dev/null'],
      { cwd: CHECKOUT, env: environment, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** True when a stack trace is in `text`: users are never shown one. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
