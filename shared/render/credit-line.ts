import type { ArticleContent } from '../domain/article';
import { html, raw, type SafeHtml } from '../text/markup';
import { labelsFor, standInAttributes } from './labels';

/**
 * The short, visible credit a feed item's HTML ends with, worded in the item's language where we
 * have the words: the original publisher (linked to the original), the delivering partner when it
 * is someone else, and the license. Readers that show only an item's content still credit the source.
 */
export function creditLine(content: ArticleContent): SafeHtml {
  const { attribution, language } = content;
  const labels = labelsFor(language);
  const partner = attribution.deliveredBy;
  const isRepublished = attribution.publisher.name !== partner.name;
  const parts: SafeHtml[] = [
    html`${labels.originallyPublishedBy} <a href="${attribution.originalUrl}">${attribution.publisher.name}</a>`,
  ];
  if (isRepublished) {
    parts.push(
      partner.homepage
        ? html`${labels.via} <a href="${partner.homepage}">${partner.name}</a>`
        : html`${labels.via} ${partner.name}`,
    );
  }
  if (attribution.license) parts.push(html`${labels.license}: ${attribution.license}`);
  const joined = parts.map((part, index) => [index > 0 ? ' · ' : '', raw(part)]);
  // English stands in when we have no words for the language: the attributes say so.
  return html`<p${standInAttributes(labels, language)}><small>${joined}</small></p>`;
}
