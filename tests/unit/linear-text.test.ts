import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsMarkup } from '../../shared/text/contains-markup';
import { trimEdgePunctuation } from '../../shared/text/edge-punctuation';

/** Texts made of the characters each check turns on, short enough for the old patterns to judge. */
const textOf = (alphabet: string[]) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((c) => c.join(''));

describe('linear replacements of quadratic patterns', () => {
  it('containsMarkup answers as /<\\/?[a-z][^>]*>/i did', () => {
    fc.assert(
      fc.property(textOf(['<', '/', '>', 'a', 'Z', '1', ' ', 'é']), (text) => {
        expect(containsMarkup(text)).toBe(/<\/?[a-z][^>]*>/i.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('trimEdgePunctuation trims as /^[\\s\\p{P}\\p{S}]+|[\\s\\p{P}\\p{S}]+$/gu did', () => {
    fc.assert(
      fc.property(textOf(['!', '«', ' ', '\u00A0', 'a', 'ت', '😀', '𝒜', '\uD800', '.', '-']), (text) => {
        expect(trimEdgePunctuation(text)).toBe(text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the answers on inputs that took the old patterns minutes', () => {
    expect(containsMarkup('<a'.repeat(500_000))).toBe(false);
    expect(containsMarkup(`${'<a'.repeat(500_000)}>`)).toBe(true);
    expect(trimEdgePunctuation(`x${'!'.repeat(500_000)}x`)).toHaveLength(500_002);
    expect(trimEdgePunctuation(`« Source: X ${'»'.repeat(500_000)}`)).toBe('Source: X');
  });
});
