import type { Article, ArticleContent } from '../domain/article';
import {
  correctableValuesOf,
  fieldsOf,
  saysAlready,
  withCorrectableValues,
} from '../domain/correctable-values';
import {
  CORRECTABLE_FIELDS,
  type CorrectableField,
  type CorrectableValues,
  type EditorIdentity,
  type Editorial,
} from '../domain/editorial';
import { editorialOf } from '../domain/editorial-of';
import { laterInstant } from '../domain/later-instant';
import { ValidationError } from '../errors/http-errors';
import type { PlainText } from '../text/markup';
import type { CorrectionRequest } from './editor-use-cases';

/** What a correction makes of an article: its content, its editorial record, and what it touched. */
export interface AppliedCorrection {
  content: ArticleContent;
  editorial: Editorial;
  /** The fields corrected or released, for the revision's origin. */
  fields: CorrectableField[];
  /** `release` when the editor only gave fields back to the partner. */
  action: 'correction' | 'release';
}

type ValueMap = Record<CorrectableField, CorrectableValues[CorrectableField]>;

/**
 * Applies a normalised correction to an article's head. A corrected field is held: its value wins
 * over the partner's until an editor releases it, and the partner's value is kept beside it. A
 * released field takes the partner's newest value again. A value the article already shows is no
 * correction; a request that corrects and releases nothing is refused with `ValidationError`.
 * Readers get a correction notice when what they see changed.
 */
export function applyCorrection(
  head: Article,
  request: CorrectionRequest,
  editor: EditorIdentity,
  at: string,
): AppliedCorrection {
  const editorial = editorialOf(head.editorial);
  const held = { ...editorial.held } as Partial<ValueMap>;
  const partner = { ...editorial.partner } as Partial<ValueMap>;
  const corrected: CorrectableField[] = [];
  for (const field of fieldsOf(request.values)) {
    const value = request.values[field];
    if (saysAlready(head.content, field, value)) continue;
    // The partner's value is what the article shows while the field is not held.
    if (held[field] === undefined) partner[field] = correctableValuesOf(head.content, [field])[field];
    held[field] = value;
    corrected.push(field);
  }
  const restored: Partial<ValueMap> = {};
  const released: CorrectableField[] = [];
  for (const field of CORRECTABLE_FIELDS.filter((name) => request.release.includes(name))) {
    if (held[field] === undefined) continue;
    if (partner[field] !== undefined) restored[field] = partner[field];
    delete held[field];
    delete partner[field];
    released.push(field);
  }
  if (corrected.length === 0 && released.length === 0) {
    throw new ValidationError({
      detail:
        'The correction changes nothing: every value is what the article already says, and no held field was released.',
      fieldErrors: [{ pointer: '', message: 'changes nothing' }],
    });
  }

  let content = withCorrectableValues(head.content, { ...restored, ...held } as CorrectableValues);
  const changed = CORRECTABLE_FIELDS.filter(
    (field) => !saysAlready(head.content, field, correctableValuesOf(content, [field])[field]),
  );
  const next: Editorial = {
    ...editorial,
    held: held as CorrectableValues,
    partner: partner as CorrectableValues,
  };
  if (changed.length > 0) {
    // A correction is an update readers see; the partner's own updatedAt is kept for ingest's judgement.
    // Never earlier than it was: readers see content.updatedAt as the article's last change.
    next.partnerUpdatedAt = editorial.partnerUpdatedAt ?? head.content.updatedAt;
    content = { ...content, updatedAt: laterInstant(at, head.content.updatedAt) };
    next.corrections = [
      ...editorial.corrections,
      {
        at,
        reason: request.reason as PlainText,
        fields: changed,
        revision: head.revision + 1,
        editor: editor.id,
      },
    ];
  }
  return {
    content,
    editorial: next,
    fields: CORRECTABLE_FIELDS.filter((field) => corrected.includes(field) || released.includes(field)),
    action: corrected.length > 0 ? 'correction' : 'release',
  };
}
