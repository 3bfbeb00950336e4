import { describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { applyPartnerEvent, partnerUpdatedAtOf } from '../../shared/domain/partner-update';
import { applyCorrection } from '../../shared/editor/apply-correction';
import { takeDown } from '../../shared/editor/apply-takedown';
import { inlineText, plainText, trustedHtml } from '../../shared/text/markup';
import { sampleArticle } from '../support/sample-article';

const editor = { id: 'ed-1' };
const CORRECTED_AT = '2024-12-01T10:00:00.000Z';

/** The sample article after an editor corrected its title. */
function correctedArticle(): Article {
  const head = sampleArticle();
  const applied = applyCorrection(
    head,
    { values: { title: inlineText('Editor title') }, release: [], reason: 'Typo' },
    editor,
    CORRECTED_AT,
  );
  return { ...head, content: applied.content, editorial: applied.editorial };
}

describe('a partner update after an editor acted', () => {
  it('applies everything to an article no editor touched', () => {
    const head = sampleArticle();
    const update = { ...head.content, title: inlineText('New title') };
    expect(applyPartnerEvent(head, { content: update, visibility: 'public' })).toEqual({
      content: update,
      visibility: 'public',
    });
  });

  it('applies the new body but keeps the held title, recording the partner title for a release', () => {
    const head = correctedArticle();
    const update = {
      ...sampleArticle().content,
      title: inlineText('Partner new title'),
      bodyHtml: trustedHtml('<p>New body</p>'),
      updatedAt: '2024-12-02T00:00:00Z',
    };
    const outcome = applyPartnerEvent(head, { content: update, visibility: 'public' });
    expect(outcome.content.bodyHtml).toBe('<p>New body</p>');
    expect(outcome.content.title).toBe('Editor title');
    expect(outcome.content.updatedAt).toBe('2024-12-02T00:00:00Z');
    expect(outcome.editorial?.partner).toEqual({ title: 'Partner new title' });
    expect(outcome.editorial?.corrections).toHaveLength(1);
  });

  it('judges staleness by the partner own updatedAt, not the correction time', () => {
    const head = correctedArticle();
    expect(head.content.updatedAt).toBe(CORRECTED_AT);
    expect(partnerUpdatedAtOf(head)).toBe(sampleArticle().content.updatedAt);
  });

  it('keeps a correction newer than the partner edit as the updatedAt', () => {
    const head = correctedArticle();
    const update = { ...sampleArticle().content, updatedAt: '2024-11-30T00:00:00Z' };
    expect(applyPartnerEvent(head, { content: update, visibility: 'public' }).content.updatedAt).toBe(
      CORRECTED_AT,
    );
  });

  it('leaves a taken-down article withdrawn, following the partner in partnerVisibility', () => {
    const head = sampleArticle();
    const down = { ...head, ...takeDown(head, plainText('Court order'), editor, CORRECTED_AT) };
    const updated = applyPartnerEvent(down, { content: head.content, visibility: 'public' });
    expect(updated.visibility).toBe('withdrawn');
    expect(updated.editorial?.takedown?.partnerVisibility).toBe('public');
    const deleted = applyPartnerEvent(down, { visibility: 'withdrawn' });
    expect(deleted.visibility).toBe('withdrawn');
    expect(deleted.content).toBe(down.content);
    expect(deleted.editorial?.takedown).toMatchObject({
      reason: 'Court order',
      partnerVisibility: 'withdrawn',
    });
  });
});
