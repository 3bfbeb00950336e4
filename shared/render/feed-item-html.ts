import type { ArticleContent } from '../domain/article';
import { html, raw, type SafeHtml } from '../text/markup';
import { creditLine } from './credit-line';
import { feedExcerpt } from './feed-excerpt';
import { labelsFor, standInAttributes } from './labels';

/**
 * The HTML a feed item carries: the body, or when it is longer than `excerptBytes` its beginning cut
 * at a block boundary and a "continue reading" link to the article's page, which carries the whole
 * article; then the credit line, always, so readers that show only an item's content still credit
 * the source. A feed thereby stays small and quick to render whatever partners send
 * (docs/decisions/0018-bounded-feeds-and-partner-shares.md).
 */
export function feedItemHtml(content: ArticleContent, pageUrl: string, excerptBytes: number): SafeHtml {
  const excerpt = feedExcerpt(content.bodyHtml, excerptBytes);
  const credit = creditLine(content);
  if (excerpt.whole) return html`${raw(excerpt.html)}\n${raw(credit)}`;
  const labels = labelsFor(content.language);
  const more = html`<p${standInAttributes(labels, content.language)}><a href="${pageUrl}">${labels.continueReading}</a></p>`;
  return html`${raw(excerpt.html)}\n${raw(more)}\n${raw(credit)}`;
}
