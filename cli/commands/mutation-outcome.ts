import type { ArticleDetailView } from '../../shared/editor/editor-views';
import type { EditorApiClient } from '../editor-api-client';
import { waitUntilSettled } from '../wait-until-settled';
import { printJson, type WaitOptions } from './command-options';

/**
 * Finishes a change the API accepted: waits until it is live unless `--no-wait`, then prints the
 * article's JSON (`--json`) or one sentence saying what happened and whether it is live yet.
 */
export async function reportMutation(
  client: EditorApiClient,
  accepted: ArticleDetailView,
  options: WaitOptions & { json?: boolean },
  sentence: (view: ArticleDetailView, live: boolean) => string,
): Promise<void> {
  const view = options.wait ? await waitUntilSettled(client, accepted, options.waitTimeout * 1000) : accepted;
  if (options.json) return printJson(view);
  console.log(sentence(view, view.state !== 'pending'));
}

/** Nothing when it is live, else the note that it is accepted and goes live once the publisher has run. */
export function liveness(live: boolean): string {
  return live ? '' : ' Accepted; it goes live once the publisher has rendered it.';
}
