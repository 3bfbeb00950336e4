import { describe, expect, it } from 'vitest';
import { editorialOf } from '../../shared/domain/editorial-of';
import { plainText } from '../../shared/text/markup';

describe('an editorial record with every part present', () => {
  it('is empty before an editor first acts', () => {
    expect(editorialOf(undefined)).toEqual({ held: {}, partner: {}, corrections: [] });
  });

  it('fills in what a stored record leaves out, keeping the rest', () => {
    const takedown = {
      at: '2024-12-01T10:00:00.000Z',
      editor: 'ed-1',
      reason: plainText('Court order'),
      partnerVisibility: 'public' as const,
    };
    expect(editorialOf({ corrections: [], takedown })).toEqual({
      held: {},
      partner: {},
      corrections: [],
      takedown,
    });
  });
});
