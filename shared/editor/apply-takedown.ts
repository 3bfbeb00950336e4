import type { Article, Visibility } from '../domain/article';
import type { EditorIdentity, Editorial } from '../domain/editorial';
import { editorialOf } from '../domain/editorial-of';
import { ConflictError } from '../errors/http-errors';
import type { PlainText } from '../text/markup';

/** An article's visibility and editorial record after a takedown or a restore. */
export interface VisibilityChange {
  visibility: Visibility;
  editorial: Editorial;
}

/**
 * Takes an article down: withdrawn everywhere, with who, when and why, and what the partner's
 * newest event says so a restore can return to it. `ConflictError` if it is already down.
 */
export function takeDown(
  head: Article,
  reason: PlainText,
  editor: EditorIdentity,
  at: string,
): VisibilityChange {
  const editorial = editorialOf(head.editorial);
  if (editorial.takedown) {
    throw new ConflictError({
      detail: `The article was already taken down on ${editorial.takedown.at} by ${editorial.takedown.editor}.`,
    });
  }
  return {
    visibility: 'withdrawn',
    editorial: {
      ...editorial,
      takedown: { at, editor: editor.id, reason, partnerVisibility: head.visibility },
    },
  };
}

/**
 * Lifts an editor's takedown: the article returns to what its partner last said. `ConflictError`
 * if the partner has deleted it (before the takedown or since) (only the partner can bring it back), or if it is not taken down.
 */
export function restore(head: Article): VisibilityChange {
  const takedown = head.editorial?.takedown;
  if (!head.editorial || !takedown) throw new ConflictError({ detail: 'The article is not taken down.' });
  if (takedown.partnerVisibility === 'withdrawn') {
    throw new ConflictError({
      detail: 'Its partner has deleted the article; only the partner can publish it again.',
    });
  }
  const { takedown: _lifted, ...editorial } = head.editorial;
  return { visibility: takedown.partnerVisibility, editorial };
}
