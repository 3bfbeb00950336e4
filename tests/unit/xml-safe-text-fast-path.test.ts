import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isBlankText,
  normaliseText,
  stripXmlForbidden,
  tidyInlineText,
} from '../../shared/text/xml-safe-text';

/** The functions as they were before their fast paths: the answers the fast paths must keep. */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const reference = {
  strip: (text: string) => text.replace(XML_FORBIDDEN, ''),
  normalise: (text: string) => reference.strip(text).normalize('NFC'),
  tidy: (text: string) =>
    reference
      .normalise(text)
      .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
      .trim(),
};

/** Characters each fast path turns on: controls, surrogates (paired and lone), combining marks, NFC edge cases. */
const ALPHABET = [
  'a',
  ' ',
  '\t',
  '\n',
  '\u00A0',
  '\u0000',
  '\u0008',
  '\u000B',
  '\u001F',
  '\u007F',
  '\u0085',
  '\u009F',
  'é',
  'e',
  '\u0301',
  'A',
  '\u030A',
  'Å',
  '\u212B',
  '\u0340',
  '\u0387',
  'ت',
  '\uAC00',
  '\u1100',
  '\u1161',
  '😀',
  '\uD83D',
  '\uDE00',
  '\uFFFE',
  '\uFFFF',
  '\u3000',
  '\u2009',
  '\uFEFF',
];
const texts = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 30 }).map((chars) => chars.join(''));

describe('the XML-safe text fast paths', () => {
  it('answer as the plain replacement and normalisation did', () => {
    fc.assert(
      fc.property(fc.oneof(texts, fc.string({ unit: 'binary', maxLength: 30 })), (text) => {
        expect(stripXmlForbidden(text)).toBe(reference.strip(text));
        expect(normaliseText(text)).toBe(reference.normalise(text));
        expect(tidyInlineText(text)).toBe(reference.tidy(text));
        expect(isBlankText(text)).toBe(reference.tidy(text) === '');
      }),
      { numRuns: 5000 },
    );
  });

  it('skip NFC only where it changes nothing: every pair of characters below U+0300 is already NFC', () => {
    // Characters below U+0300 all combine with nothing (canonical class 0), so composition could
    // only join neighbours: checking every pair covers every text made of them.
    const changed: string[] = [];
    for (let first = 0; first < 0x300; first++) {
      for (let second = 0; second < 0x300; second++) {
        const pair = String.fromCharCode(first, second);
        if (pair.normalize('NFC') !== pair) changed.push(pair);
      }
    }
    expect(changed).toEqual([]);
    // The first character the fast path hands to normalisation is one that can change.
    expect('A\u0300'.normalize('NFC')).toBe('À');
    expect(normaliseText('A\u0300')).toBe('À');
  });
});
