import type { CorrectionNotice } from '../domain/editorial';
import { html, type RawHtml, raw, type SafeHtml } from '../text/markup';
import { formatDate, type PageLabels } from './labels';

/**
 * The notice a corrected article's page shows under its byline, where a reader meets it before the
 * text: a heading, then each correction's date and the editor's reason, as text. Nothing for an
 * article no editor corrected. The editor's id is never shown: it is for the audit trail.
 *
 * Newest first: a reader who comes back to an article is looking for what changed since they read
 * it, and everything else on the site is listed newest first. (The JSON-LD and the article's json
 * keep the stored order, oldest first, as a history.)
 *
 * Our words carry `chrome` (the stand-in `lang`/`dir` when English stands in for the article's
 * language); the reason is the editor's, in whatever language they wrote it, so it gets
 * `dir="auto"` and reads in its own direction inside either kind of page.
 */
export function correctionNotice(
  corrections: readonly CorrectionNotice[],
  labels: PageLabels,
  chrome: RawHtml | '',
): SafeHtml {
  if (corrections.length === 0) return html``;
  const newestFirst = [...corrections].sort((a, b) => b.revision - a.revision);
  const heading = corrections.length === 1 ? labels.correction : labels.corrections;
  return html`<aside class="correction" role="note">
<h2${chrome}>${heading}</h2>
<ul>
${newestFirst.map((correction) =>
  raw(
    html`<li><time datetime="${correction.at}"${chrome}>${formatDate(correction.at, labels)}</time>: <span class="reason" dir="auto">${correction.reason}</span></li>\n`,
  ),
)}</ul>
</aside>
`;
}
