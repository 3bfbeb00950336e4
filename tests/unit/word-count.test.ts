import { describe, expect, it } from 'vitest';
import { countWords } from '../../shared/text/word-count';

describe('countWords', () => {
  it('counts every word of a text far longer than one segmenting window, none twice', () => {
    expect(countWords('word, '.repeat(200_000))).toBe(200_000);
    expect(countWords('كلمة '.repeat(50_001))).toBe(50_001);
  });

  it('counts words written without spaces by Unicode’s rules', () => {
    expect(countWords('我们今天去学校')).toBeGreaterThan(1);
  });
});
