import type { Article, ArticleContent, Visibility } from './article';
import { correctableValuesOf, fieldsOf, withCorrectableValues } from './correctable-values';
import type { Editorial } from './editorial';
import { laterInstant } from './later-instant';

/** What a partner's event says about an article: its new content (absent for a deletion) and visibility. */
export interface PartnerEvent {
  content?: ArticleContent;
  visibility: Visibility;
}

/** The article's next state after a partner event, with editors' decisions applied. */
export interface PartnerEventOutcome {
  content: ArticleContent;
  visibility: Visibility;
  editorial?: Editorial;
}

/**
 * The partner-update rule (docs/decisions/0021-editor-corrections-outlive-partner-updates.md): the
 * partner's new body and every field no editor holds apply; a held field keeps the editor's value
 * and the partner's value is kept beside it, so releasing the field restores the partner's newest
 * one. A taken-down article stays withdrawn whatever the partner sends; its `partnerVisibility`
 * follows the partner, so a restore returns it to what the partner last said.
 */
export function applyPartnerEvent(current: Article | undefined, event: PartnerEvent): PartnerEventOutcome {
  const editorial = current?.editorial;
  if (!current || !editorial) {
    const content = event.content ?? current?.content;
    if (!content) throw new Error('a partner event without content needs a stored article');
    return { content, visibility: event.visibility };
  }
  const next: Editorial = { ...editorial };
  let content = current.content;
  if (event.content) {
    content = withCorrectableValues(event.content, editorial.held);
    next.partner = correctableValuesOf(event.content, fieldsOf(editorial.held));
    if (editorial.partnerUpdatedAt !== undefined) {
      // The article's updatedAt is its newest visible change: the partner's edit or an editor's correction.
      content = {
        ...content,
        updatedAt: laterInstant(event.content.updatedAt, editorial.corrections.at(-1)?.at),
      };
      next.partnerUpdatedAt = event.content.updatedAt;
    }
  }
  if (editorial.takedown) {
    next.takedown = { ...editorial.takedown, partnerVisibility: event.visibility };
    return { content, visibility: 'withdrawn', editorial: next };
  }
  return { content, visibility: event.visibility, editorial: next };
}

/**
 * The `updatedAt` a partner's update must not be older than: the partner's own newest, not a
 * correction's time.
 */
export function partnerUpdatedAtOf(article: Article): string {
  return article.editorial?.partnerUpdatedAt ?? article.content.updatedAt;
}
