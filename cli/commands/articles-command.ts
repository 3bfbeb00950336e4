import { Command, Option } from 'commander';
import { type ArticleSummaryView, EDITORIAL_STATES } from '../../shared/editor/editor-views';
import { connectToApi } from '../api-connection';
import type { ArticleListFilters } from '../editor-api-client';
import { articleDetail, articleTable } from '../output/article-views';
import { examples, globalOptions, printJson, wholeNumber } from './command-options';

interface ListOptions {
  partner?: string;
  state?: ArticleListFilters['state'];
  language?: string;
  limit: number;
  cursor?: string;
  all?: boolean;
}

function listCommand(): Command {
  return new Command('list')
    .description('list articles, newest first, in any state')
    .option('--partner <id>', 'only this partner’s articles')
    .addOption(new Option('--state <state>', 'only articles in this state').choices(EDITORIAL_STATES))
    .option('--language <tag>', 'only articles in this language (e.g. ar, en)')
    .option('--limit <n>', 'articles per page', wholeNumber(1, 100), 20)
    .option('--cursor <cursor>', 'continue from where a previous page ended')
    .option('--all', 'follow every page to the end')
    .addHelpText(
      'after',
      examples(
        'synd articles list',
        'synd articles list --partner almadar --state published --language ar',
        'synd articles list --state taken-down --all --json',
      ),
    )
    .action(async (options: ListOptions, command: Command) => {
      const global = globalOptions(command);
      const { client } = await connectToApi(global);
      const filters: ArticleListFilters = {
        partner: options.partner,
        state: options.state,
        language: options.language,
        limit: options.limit,
        cursor: options.cursor,
      };
      let page = await client.listArticles(filters);
      if (!options.all) {
        if (global.json) return printJson(page);
        console.log(articleTable(page.items));
        if (page.nextCursor) {
          console.log(`\nMore articles: add --all, or --cursor ${page.nextCursor} for the next page.`);
        }
        return;
      }
      const items: ArticleSummaryView[] = [...page.items];
      while (page.nextCursor) {
        page = await client.listArticles({ ...filters, cursor: page.nextCursor });
        items.push(...page.items);
      }
      if (global.json) return printJson({ items });
      console.log(articleTable(items));
      if (items.length > 0) console.log(`\n${items.length} article${items.length === 1 ? '' : 's'}.`);
    });
}

function showCommand(): Command {
  return new Command('show')
    .description('show one article: attribution, state, revisions, corrections, takedowns, publication')
    .argument('<id>', 'the article id (first column of synd articles list)')
    .addHelpText(
      'after',
      examples('synd articles show a0123456789abcdefghjk', 'synd articles show a0123456789abcdefghjk --json'),
    )
    .action(async (articleId: string, _options: unknown, command: Command) => {
      const global = globalOptions(command);
      const { client } = await connectToApi(global);
      const view = await client.getArticle(articleId);
      if (global.json) return printJson(view);
      console.log(articleDetail(view));
    });
}

/** `synd articles list|show`: what editors look at before they act. */
export function articlesCommand(): Command {
  return new Command('articles')
    .description('list articles and show one in full')
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addHelpText('after', examples('synd articles list --partner almadar', 'synd articles show <id>'));
}
