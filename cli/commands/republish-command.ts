import { Command } from 'commander';
import { connectToApi } from '../api-connection';
import { UsageError } from '../cli-errors';
import { followJob } from '../follow-job';
import {
  examples,
  globalOptions,
  nonBlank,
  printJson,
  type WaitOptions,
  waitOptions,
} from './command-options';
import { liveness, reportMutation } from './mutation-outcome';

interface RepublishOptions extends WaitOptions {
  reason?: string;
  all?: boolean;
  feeds?: boolean;
  partner?: string;
}

/** The one thing to republish: an article, or a job's scope as the API spells it. */
function target(
  articleId: string | undefined,
  options: RepublishOptions,
): { articleId: string } | { scope: string } {
  const chosen = [
    articleId !== undefined && `<id>`,
    options.all && '--all',
    options.feeds && '--feeds',
    options.partner !== undefined && '--partner',
  ].filter(Boolean);
  if (chosen.length !== 1) {
    const said = chosen.length === 0 ? 'none was given' : `got ${chosen.join(' and ')}`;
    throw new UsageError(
      `republish what? give exactly one of <id>, --all, --feeds or --partner <id> (${said})`,
    );
  }
  if (articleId !== undefined) return { articleId };
  if (options.reason !== undefined)
    throw new UsageError('--reason goes with republishing one article (<id>)');
  if (options.all) return { scope: 'all' };
  if (options.feeds) return { scope: 'feeds' };
  return { scope: `partner:${options.partner}` };
}

/** `synd republish <id>` or `synd republish --all | --feeds | --partner <id>`. */
export function republishCommand(): Command {
  const command = new Command('republish')
    .description(
      'render one article again (restoring it after a takedown), or rebuild the site after a template ' +
        'change with a job whose progress is shown to the end',
    )
    .argument('[id]', 'the article to republish')
    .option('--reason <text>', 'why (with <id>; kept in the audit trail)', nonBlank)
    .option('--all', 'rebuild every article page and every feed')
    .option('--feeds', 'rebuild every feed, the index and the site furniture')
    .option('--partner <id>', 'rebuild one partner’s article pages and the feeds they are in');
  for (const option of waitOptions()) command.addOption(option);
  return command
    .addHelpText(
      'after',
      `${examples(
        'synd republish <id> --reason "Restored after review"',
        'synd republish --all',
        'synd republish --partner almadar',
        'synd republish --feeds --no-wait --json',
      )}\nA job shows a progress bar on a terminal and plain progress lines otherwise; it exits 1 if the job fails.\n` +
        '--wait-timeout applies to one article; a job is followed until it ends (Ctrl-C stops following, not the job).\n',
    )
    .action(async (articleId: string | undefined, options: RepublishOptions, self: Command) => {
      const global = globalOptions(self);
      const chosen = target(articleId, options);
      const { client } = await connectToApi(global);
      if ('articleId' in chosen) {
        const accepted = await client.republishArticle(chosen.articleId, options.reason);
        await reportMutation(client, accepted, { ...options, json: global.json }, (view, live) => {
          const where = live ? ` Live at ${view.url}` : '';
          return `Republished ${view.articleId} (revision ${view.revision}, ${view.state}).${where}${liveness(live)}`;
        });
        return;
      }
      const started = await client.startRepublish(chosen.scope);
      if (!options.wait) {
        if (global.json) return printJson(started);
        console.log(`Started job ${started.jobId} (republish ${started.scope}, ${started.total} objects).`);
        return;
      }
      const finished = await followJob(client, started, process.stderr);
      if (global.json) printJson(finished);
    });
}
