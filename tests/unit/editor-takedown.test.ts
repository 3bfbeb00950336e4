import { describe, expect, it } from 'vitest';
import type { Publication } from '../../shared/domain/article';
import { restore, takeDown } from '../../shared/editor/apply-takedown';
import { editorialStateOf } from '../../shared/editor/editorial-state';
import { ConflictError } from '../../shared/errors/http-errors';
import { plainText } from '../../shared/text/markup';
import { sampleArticle } from '../support/sample-article';

const editor = { id: 'ed-1' };
const AT = '2024-12-01T10:00:00.000Z';
const rendered = (renderedSeq: number, state: Publication['state'] = 'published'): Publication => ({
  articleId: 'a0000000000000000001',
  state,
  revision: 1,
  renderedSeq,
  renderedAt: AT,
});

describe('takedown and restore', () => {
  const head = sampleArticle({ changeSeq: 2 });
  const down = { ...head, ...takeDown(head, plainText('Court order'), editor, AT), changeSeq: 3 };

  it('withdraws the article and records who, when, why and what the partner said', () => {
    expect(down.visibility).toBe('withdrawn');
    expect(down.editorial?.takedown).toEqual({
      at: AT,
      editor: 'ed-1',
      reason: 'Court order',
      partnerVisibility: 'public',
    });
  });

  it('refuses a second takedown with 409', () => {
    expect(() => takeDown(down, plainText('Again'), editor, AT)).toThrow(ConflictError);
  });

  it('restores to the partner visibility, lifting the takedown and keeping the rest', () => {
    const restored = restore(down);
    expect(restored.visibility).toBe('public');
    expect(restored.editorial.takedown).toBeUndefined();
    expect(restored.editorial.corrections).toEqual([]);
  });

  it('refuses to restore what the partner deleted before the takedown, without saying "since"', () => {
    const gone = sampleArticle({ visibility: 'withdrawn' });
    const downAfter = { ...gone, ...takeDown(gone, plainText('Court order'), editor, AT) };
    expect(() => restore(downAfter)).toThrow(ConflictError);
    expect(() => restore(downAfter)).toThrow(
      'Its partner has deleted the article; only the partner can publish it again.',
    );
  });

  it('refuses to restore what the partner deleted meanwhile', () => {
    const { visibility } = takeDown(head, plainText('Court order'), editor, AT);
    const deleted = {
      ...head,
      visibility,
      editorial: {
        held: {},
        partner: {},
        corrections: [],
        takedown: {
          at: AT,
          editor: 'ed-1',
          reason: plainText('Court order'),
          partnerVisibility: 'withdrawn' as const,
        },
      },
    };
    expect(() => restore(deleted)).toThrow(ConflictError);
  });

  it('derives the editorial state: pending until rendered, then taken down, withdrawn or published', () => {
    expect(editorialStateOf(down, rendered(2))).toBe('pending');
    expect(editorialStateOf(down, undefined)).toBe('pending');
    expect(editorialStateOf(down, rendered(3, 'unpublished'))).toBe('taken-down');
    expect(editorialStateOf({ ...head, visibility: 'withdrawn' }, rendered(2, 'unpublished'))).toBe(
      'withdrawn',
    );
    expect(editorialStateOf(head, rendered(2))).toBe('published');
  });
});
