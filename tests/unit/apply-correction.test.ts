import { describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { applyCorrection } from '../../shared/editor/apply-correction';
import { normaliseCorrection } from '../../shared/editor/normalise-correction';
import { ValidationError } from '../../shared/errors/http-errors';
import { inlineText } from '../../shared/text/markup';
import { sampleArticle } from '../support/sample-article';

const editor = { id: 'ed-1' };
const AT = '2024-12-01T10:00:00.000Z';

const correct = (head: Article, request: Parameters<typeof normaliseCorrection>[0], at = AT) =>
  applyCorrection(head, normaliseCorrection(request), editor, at);

describe('applying a correction', () => {
  const head = sampleArticle({ revision: 3 });

  it('holds a corrected title, keeps the partner value beside it, and tells readers', () => {
    const applied = correct(head, {
      values: { title: inlineText('  A  better\ntitle ') },
      release: [],
      reason: 'Typo',
    });
    expect(applied.content.title).toBe('A better title');
    expect(applied.content.updatedAt).toBe(AT);
    expect(applied.editorial.held).toEqual({ title: 'A better title' });
    expect(applied.editorial.partner).toEqual({ title: head.content.title });
    expect(applied.editorial.partnerUpdatedAt).toBe(head.content.updatedAt);
    expect(applied.editorial.corrections).toEqual([
      { at: AT, reason: 'Typo', fields: ['title'], revision: 4, editor: 'ed-1' },
    ]);
    expect(applied).toMatchObject({ action: 'correction', fields: ['title'] });
  });

  it('never moves updatedAt back: a partner updatedAt later than the correction stays', () => {
    // 11:00Z, an hour after the correction (a partner clock ahead, within ingest's tolerance).
    const ahead = sampleArticle({ revision: 3 }, { updatedAt: '2024-12-01T13:00:00+02:00' });
    const applied = correct(ahead, {
      values: { title: inlineText('Later title') },
      release: [],
      reason: 'Typo',
    });
    expect(applied.content.updatedAt).toBe('2024-12-01T13:00:00+02:00');
    expect(applied.editorial.corrections.at(-1)?.at).toBe(AT);
  });

  it('corrects attribution: publisher and license, leaving the rest of the attribution', () => {
    const applied = correct(head, {
      values: {
        publisher: { name: inlineText('Right Publisher'), url: 'https://right.example/' },
        license: null,
      },
      release: [],
      reason: 'Wrong credit',
    });
    expect(applied.content.attribution.publisher).toEqual({
      name: 'Right Publisher',
      url: 'https://right.example/',
    });
    expect(applied.content.attribution.license).toBeUndefined();
    expect(applied.content.attribution.deliveredBy).toEqual(head.content.attribution.deliveredBy);
    expect(applied.editorial.partner.license).toBe('All rights reserved');
    expect(applied.fields).toEqual(['publisher', 'license']);
  });

  it('deduplicates categories and ignores a value the article already shows', () => {
    const applied = correct(head, {
      values: {
        title: head.content.title,
        categories: [inlineText('World'), inlineText(' World '), inlineText('Asia'), inlineText('')],
      },
      release: [],
      reason: 'Tags',
    });
    expect(applied.content.categories).toEqual(['World', 'Asia']);
    expect(applied.fields).toEqual(['categories']);
    expect(applied.editorial.held).toEqual({ categories: ['World', 'Asia'] });
  });

  it('refuses a correction that changes nothing with 422', () => {
    expect(() =>
      correct(head, { values: { title: head.content.title }, release: ['summary'], reason: 'Nothing' }),
    ).toThrow(ValidationError);
  });

  it('refuses an empty title and a reason of white space', () => {
    const error = (() => {
      try {
        correct(head, { values: { title: inlineText(' ') }, release: [], reason: '  ' });
      } catch (caught) {
        return caught as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.fieldErrors.map((field) => field.pointer)).toEqual(['/title', '/reason']);
  });

  it('releases a held field to the partner newest value, with action release', () => {
    const corrected = correct(head, {
      values: { title: inlineText('Editor title') },
      release: [],
      reason: 'Typo',
    });
    const after = {
      ...head,
      revision: 4,
      content: corrected.content,
      editorial: { ...corrected.editorial, partner: { title: inlineText('Partner newer title') } },
    };
    const released = correct(
      after,
      { values: {}, release: ['title'], reason: 'Partner fixed it' },
      '2024-12-02T00:00:00.000Z',
    );
    expect(released.content.title).toBe('Partner newer title');
    expect(released.editorial.held).toEqual({});
    expect(released.editorial.partner).toEqual({});
    expect(released).toMatchObject({ action: 'release', fields: ['title'] });
    expect(released.editorial.corrections.map((notice) => notice.revision)).toEqual([4, 5]);
  });

  it('refuses to correct and release one field at once', () => {
    expect(() =>
      correct(head, { values: { title: inlineText('X') }, release: ['title'], reason: 'Both' }),
    ).toThrow(ValidationError);
  });
});
