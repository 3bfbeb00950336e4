import { isAbsolute, relative } from 'node:path';
import { Command } from 'commander';
import { editorTokenFile, localDataDir } from '../local/editor-token-file';
import { apiBaseUrl, isLoopback, tokenSource } from './api-connection';
import { articlesCommand } from './commands/articles-command';
import { correctCommand } from './commands/correct-command';
import { loginCommand } from './commands/login-command';
import { logoutCommand } from './commands/logout-command';
import { partnersCommand } from './commands/partners-command';
import { republishCommand } from './commands/republish-command';
import { signCommand } from './commands/sign-command';
import { unpublishCommand } from './commands/unpublish-command';
import { type FailureContext, reportFailure } from './output/failure-report';

const ENVIRONMENT_HELP = `
Environment:
  SYND_API_URL     the editor API (default: the local run, http://localhost:$PORT, PORT defaulting to 3000)
  SYND_TOKEN       the editor token; without it, the sign-in synd login stored for the API, and locally
                   the one npm start wrote to .data/editor-token
  XDG_CONFIG_HOME  where synd login keeps its sign-ins (synd/credentials.json; default ~/.config)
  DATA_DIR         the local run's data directory, if npm start was given one (default .data)

Exit codes: 0 done, 1 the API refused or a job failed, 2 usage error, 3 cannot reach the API or no token.
See docs/cli.md.
`;

/** Every command of the tree, the program first. */
function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

/** `synd`: the command-line client of the pipeline, for editors (CONTRACT §4) and partners. */
export function createProgram(): Command {
  const program = new Command('synd')
    .description('command-line client of the syndication pipeline: editors’ API and partners’ webhook')
    .option('--api-url <url>', 'the editor API (default: $SYND_API_URL, else the local run)')
    .option(
      '--token <token>',
      'the editor token (default: $SYND_TOKEN, else synd login’s sign-in, else the local run’s token file)',
    )
    .option('--json', 'print the API’s JSON instead of the human view')
    .addCommand(articlesCommand())
    .addCommand(correctCommand())
    .addCommand(unpublishCommand())
    .addCommand(republishCommand())
    .addCommand(signCommand())
    .addCommand(partnersCommand())
    .addCommand(loginCommand())
    .addCommand(logoutCommand())
    .addHelpText('after', ENVIRONMENT_HELP);
  // Settings a subcommand added with addCommand does not inherit: usage errors end in a hint rather
  // than a page of help, global options show in every --help, and errors reach one handler.
  for (const command of everyCommand(program)) {
    command
      .showHelpAfterError('  (add --help for usage and examples)')
      // One line as every other failure has it (docs/cli.md), where commander writes `error: …`.
      .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'synd: ')) })
      .exitOverride();
    // `sign` talks to the webhook as a partner: the editor API's options mean nothing to it.
    if (command.name() !== 'sign') command.configureHelp({ showGlobalOptions: true });
  }
  return program;
}

/** `path` as a person at this prompt would type it: relative below the working directory, else whole. */
function shownPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below.startsWith('..') || isAbsolute(below) ? path : below;
}

/** What a refusal's hint needs, read without failing: the options may be what is wrong. */
function failureContext(program: Command): FailureContext {
  const options = program.opts();
  try {
    const baseUrl = apiBaseUrl(options);
    const local = isLoopback(baseUrl);
    return {
      tokenSource: tokenSource(options, process.env, baseUrl),
      local,
      ...(local ? { localTokenFile: shownPath(editorTokenFile(localDataDir())) } : {}),
    };
  } catch {
    return { tokenSource: tokenSource(options) };
  }
}

// Output piped into `head` or a pager that quits early is not a failure of the command: stop quietly,
// as Unix tools do, rather than crash with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = createProgram();
program.parseAsync().catch((error: unknown) => {
  const report = reportFailure(error, failureContext(program));
  for (const line of report.lines) console.error(line);
  process.exitCode = report.exitCode;
});
