import { type Command, InvalidArgumentError, Option } from 'commander';
import type { GlobalOptions } from '../api-connection';

/** The options `synd` itself takes, however far down the command is. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Prints the API's JSON for scripts: one document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A text option that must say something (a reason): blank is refused before anything is sent. */
export function nonBlank(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return value;
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/** Collects a repeatable option's values in order. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** How long a mutation waits for its change to be live before it gives up (it stays accepted). */
export const DEFAULT_WAIT_SECONDS = 60;

/** `--no-wait` and `--wait-timeout`, shared by every command that changes something. */
export function waitOptions(): Option[] {
  return [
    new Option(
      '--no-wait',
      'return as soon as the API accepted the change, without waiting until it is live',
    ),
    new Option('--wait-timeout <seconds>', 'how long to wait until the change is live')
      .argParser(wholeNumber(1, 3600))
      .default(DEFAULT_WAIT_SECONDS),
  ];
}

/** The wait options as a command receives them. */
export interface WaitOptions {
  wait: boolean;
  waitTimeout: number;
}

/** An `Examples:` block for `--help`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}
