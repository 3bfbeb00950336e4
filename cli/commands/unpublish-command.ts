import { Command } from 'commander';
import { connectToApi } from '../api-connection';
import { examples, globalOptions, nonBlank, type WaitOptions, waitOptions } from './command-options';
import { liveness, reportMutation } from './mutation-outcome';

interface UnpublishOptions extends WaitOptions {
  reason: string;
}

/** `synd unpublish <id>`: a takedown, held until an editor republishes the article. */
export function unpublishCommand(): Command {
  const command = new Command('unpublish')
    .description(
      'take an article down: out of every feed, its page answers 410 Gone, and partner updates do not ' +
        'bring it back until an editor republishes it',
    )
    .argument('<id>', 'the article id')
    .requiredOption('--reason <text>', 'why (kept in the audit trail)', nonBlank);
  for (const option of waitOptions()) command.addOption(option);
  return command
    .addHelpText('after', examples('synd unpublish <id> --reason "Court order 2026/114"'))
    .action(async (articleId: string, options: UnpublishOptions, self: Command) => {
      const global = globalOptions(self);
      const { client } = await connectToApi(global);
      const accepted = await client.unpublishArticle(articleId, options.reason);
      await reportMutation(client, accepted, { ...options, json: global.json }, (view, live) => {
        const done = live ? ' It is out of every feed and its page answers 410 Gone.' : '';
        return `Took down ${view.articleId} (revision ${view.revision}).${done}${liveness(live)}`;
      });
    });
}
