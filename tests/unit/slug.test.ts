import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugAlternative, slugCandidate } from '../../shared/clean/slug';
import { articleIdFor } from '../../shared/domain/article-id';

describe('slugs another partner cannot take', () => {
  it('never makes a slug holding "--" from a title or an external id', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/),
        (title, id) => {
          expect(slugCandidate(title, id)).not.toContain('--');
        },
      ),
      { numRuns: 1000 },
    );
    expect(slugCandidate('Terminal -- a0123456789abcdefghjk', 'x')).toBe('terminal-a0123456789abcdefghjk');
  });

  it('falls back last to the base, "--" and the whole article id, which only that article can hold', () => {
    const articleId = articleIdFor('almadar', 'ferry-terminal');
    expect(slugAlternative('ferry', 3, articleId)).toBe(`ferry--${articleId}`);
    expect(slugAlternative('ferry', 3, articleIdFor('other-outlet', 'ferry-terminal'))).not.toBe(
      `ferry--${articleId}`,
    );
  });
});
