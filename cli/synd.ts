import { Command } from 'commander';
import { ConfigurationError } from '../shared/errors/configuration-error';
import { signCommand } from './commands/sign-command';

/** `synd`: the command-line client of the pipeline. */
export function createProgram(): Command {
  return new Command('synd')
    .description('command-line client of the syndication pipeline')
    .showHelpAfterError()
    .addCommand(signCommand());
}

createProgram()
  .parseAsync()
  .catch((error: unknown) => {
    console.error(`synd: ${error instanceof ConfigurationError ? error.message : (error as Error).message}`);
    process.exitCode = 1;
  });
