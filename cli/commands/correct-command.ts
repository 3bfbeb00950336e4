import { Command, InvalidArgumentError, Option } from 'commander';
import { CORRECTABLE_FIELDS } from '../../shared/domain/editorial';
import { connectToApi } from '../api-connection';
import { UsageError } from '../cli-errors';
import type { CorrectionBody, EditorApiClient } from '../editor-api-client';
import {
  examples,
  globalOptions,
  nonBlank,
  repeatable,
  type WaitOptions,
  waitOptions,
} from './command-options';
import { liveness, reportMutation } from './mutation-outcome';

interface CorrectOptions extends WaitOptions {
  reason: string;
  title?: string;
  summary?: string;
  category?: string[];
  publisherName?: string;
  publisherUrl?: string;
  author?: string[];
  /** A string sets it, `false` (`--no-license`) removes it. */
  license?: string | false;
  originalUrl?: string;
  release?: string[];
}

/** `Jane Doe` or `Jane Doe <https://example.com/jane>`. */
export function parseAuthor(value: string): { name: string; url?: string } {
  const match = /^(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  const name = (match ? match[1] : value)?.trim() ?? '';
  if (name === '')
    throw new InvalidArgumentError('must start with the author’s name: "Name" or "Name <url>"');
  return match?.[2] ? { name, url: match[2].trim() } : { name };
}

/**
 * The PATCH body the options ask for. A publisher is one value (name and address), so when only
 * one half is given the other is taken from the article as it stands.
 */
async function correctionBody(
  options: CorrectOptions,
  articleId: string,
  client: EditorApiClient,
): Promise<CorrectionBody> {
  const body: CorrectionBody = { reason: options.reason };
  if (options.title !== undefined) body.title = options.title;
  if (options.summary !== undefined) body.summary = options.summary;
  if (options.category) body.categories = options.category;
  const attribution: NonNullable<CorrectionBody['attribution']> = {};
  if (options.publisherName !== undefined || options.publisherUrl !== undefined) {
    let { publisherName: name, publisherUrl: url } = options;
    if (name === undefined || url === undefined) {
      const current = (await client.getArticle(articleId)).attribution.publisher;
      name ??= current.name;
      url ??= current.url;
    }
    attribution.publisher = url === undefined || url === '' ? { name } : { name, url };
  }
  if (options.author) attribution.authors = options.author.map(parseAuthor);
  if (options.license !== undefined) attribution.license = options.license === false ? null : options.license;
  if (options.originalUrl !== undefined) attribution.originalUrl = options.originalUrl;
  if (Object.keys(attribution).length > 0) body.attribution = attribution;
  if (options.release) body.release = options.release;
  const changes = Object.keys(body).filter((key) => key !== 'reason');
  if (changes.length === 0) {
    throw new UsageError(
      'nothing to correct: give at least one of --title, --summary, --category, ' +
        '--publisher-name, --publisher-url, --author, --license, --no-license, --original-url, --release',
    );
  }
  return body;
}

/** `synd correct <id>`: corrects a headline, summary, categories or attribution, with a reason. */
export function correctCommand(): Command {
  const command = new Command('correct')
    .description(
      'correct an article’s title, summary, categories or attribution; the page shows a correction notice ' +
        'with the date and reason, and the correction holds against later partner updates',
    )
    .argument('<id>', 'the article id')
    .requiredOption('--reason <text>', 'why (shown to readers in the correction notice)', nonBlank)
    .option('--title <text>', 'the corrected headline')
    .option('--summary <text>', 'the corrected summary')
    .option('--category <name>', 'a category; repeat for several (replaces the list)', repeatable)
    .option('--publisher-name <name>', 'the publisher’s name')
    .option('--publisher-url <url>', 'the publisher’s address')
    .option('--author <"name [<url>]">', 'an author; repeat for several (replaces the list)', repeatable)
    .option('--license <text>', 'the license the article is under')
    .option('--no-license', 'remove the license the partner gave')
    .option('--original-url <url>', 'the original article’s address')
    .addOption(
      new Option(
        '--release <field...>',
        'give fields back to the partner: its newest value applies again',
      ).choices(CORRECTABLE_FIELDS),
    );
  for (const option of waitOptions()) command.addOption(option);
  return command
    .addHelpText(
      'after',
      examples(
        'synd correct <id> --title "Corrected headline" --reason "The minister was misnamed"',
        'synd correct <id> --author "Jane Doe <https://example.com/jane>" --author "Ali Hassan" --reason "Co-author missing"',
        'synd correct <id> --no-license --reason "The partner has no right to license it"',
        'synd correct <id> --release title --reason "The partner fixed it at source"',
      ),
    )
    .action(async (articleId: string, options: CorrectOptions, self: Command) => {
      const global = globalOptions(self);
      const { client } = await connectToApi(global);
      const body = await correctionBody(options, articleId, client);
      const accepted = await client.correctArticle(articleId, body);
      await reportMutation(client, accepted, { ...options, json: global.json }, (view, live) => {
        const what = [
          ...Object.keys(body).filter(
            (key) => key !== 'reason' && key !== 'attribution' && key !== 'release',
          ),
          ...Object.keys(body.attribution ?? {}),
        ];
        const released = body.release ? `; released ${body.release.join(', ')}` : '';
        const changed = what.length > 0 ? `: ${what.join(', ')}` : '';
        const where = live ? ` Live at ${view.url}` : '';
        return `Corrected ${view.articleId} as revision ${view.revision}${changed}${released}.${where}${liveness(live)}`;
      });
    });
}
