import type {
  ArticleDetailView,
  ArticleSummaryView,
  AttributionView,
  RevisionView,
} from '../../shared/editor/editor-views';
import { columns, fields, shortInstant } from './text-layout';

/** The editor list as a table: id, state, partner, language, publication time, then the title. */
export function articleTable(items: ArticleSummaryView[]): string {
  if (items.length === 0) return 'No articles match.';
  return columns(
    ['ID', 'STATE', 'PARTNER', 'LANG', 'PUBLISHED (UTC)', 'TITLE'],
    items.map((item) => [
      item.articleId,
      item.state,
      item.partnerId,
      item.language,
      shortInstant(item.publishedAt),
      item.title,
    ]),
  );
}

function publisherLine(attribution: AttributionView): string {
  const { publisher } = attribution;
  const url = publisher.url ? ` <${publisher.url}>` : '';
  const via = attribution.via ? `, via ${attribution.via}` : '';
  return `${publisher.name}${url} (${attribution.publisherSource}${via})`;
}

function authorsLine(attribution: AttributionView): string | undefined {
  if (attribution.authors.length === 0) return undefined;
  return attribution.authors
    .map((author) => (author.url ? `${author.name} <${author.url}>` : author.name))
    .join('; ');
}

function publicationLine(view: ArticleDetailView): string {
  const { publication } = view;
  if (!publication) return 'never rendered yet';
  return `${publication.state}, revision ${publication.revision}, rendered ${shortInstant(publication.renderedAt)}`;
}

function revisionLine(revision: RevisionView): string {
  const head = `r${revision.revision}  ${shortInstant(revision.recordedAt)}  ${revision.visibility.padEnd(9)}`;
  const { origin } = revision;
  if (origin.kind === 'delivery') return `  ${head}  ${origin.eventType} (delivery ${origin.deliveryId})`;
  const touched = origin.fields && origin.fields.length > 0 ? ` [${origin.fields.join(', ')}]` : '';
  return `  ${head}  ${origin.action} by ${origin.editor}${touched}: ${origin.reason}`;
}

/** One article in full: its fields, then its revisions, corrections and takedowns. */
export function articleDetail(view: ArticleDetailView): string {
  const sections = [
    view.title,
    fields([
      ['id', view.articleId],
      ['state', view.state],
      ['publication', publicationLine(view)],
      ['partner', `${view.attribution.deliveredBy.name} (${view.partnerId}), external id ${view.externalId}`],
      ['language', `${view.language} (${view.direction})`],
      ['published', view.publishedAt],
      ['updated', view.updatedAt],
      ['modified', view.modifiedAt],
      ['revision', String(view.revision)],
      ['page', view.url],
      ['publisher', publisherLine(view.attribution)],
      ['authors', authorsLine(view.attribution)],
      ['license', view.attribution.license],
      ['original', view.attribution.originalUrl],
      ['categories', view.categories.length > 0 ? view.categories.join('; ') : undefined],
      ['held', view.held.length > 0 ? `${view.held.join(', ')} (kept against partner updates)` : undefined],
      [
        'taken down',
        view.takedown
          ? `${shortInstant(view.takedown.at)} by ${view.takedown.editor}: ${view.takedown.reason}`
          : undefined,
      ],
      ['summary', view.summary || undefined],
    ]),
    `Revisions (newest first)\n${view.revisions.map(revisionLine).join('\n')}`,
  ];
  if (view.corrections.length > 0) {
    const lines = view.corrections.map(
      (notice) =>
        `  r${notice.revision}  ${shortInstant(notice.at)}  by ${notice.editor} [${notice.fields.join(', ')}]: ${notice.reason}`,
    );
    sections.push(`Corrections\n${lines.join('\n')}`);
  }
  if (view.takedowns.length > 0) {
    const lines = view.takedowns.map(
      (event) =>
        `  r${event.revision}  ${shortInstant(event.at)}  ${event.action} by ${event.editor}: ${event.reason}`,
    );
    sections.push(`Takedowns and restores\n${lines.join('\n')}`);
  }
  return sections.join('\n\n');
}
