import { describe, expect, it } from 'vitest';
import { formatDate } from '../../shared/render/labels';
import { memoised } from '../../shared/text/memoised';

describe('memoised', () => {
  it('makes each key’s value once', () => {
    const made: string[] = [];
    const upper = memoised((key) => {
      made.push(key);
      return { value: key.toUpperCase() };
    });
    expect(upper('ar')).toBe(upper('ar'));
    expect(upper('en').value).toBe('EN');
    expect(made).toEqual(['ar', 'en']);
  });

  it('asks again for a key whose making threw', () => {
    let calls = 0;
    const flaky = memoised((key) => {
      calls++;
      if (calls === 1) throw new RangeError(`no locale ${key}`);
      return key;
    });
    expect(() => flaky('xx')).toThrow(RangeError);
    expect(flaky('xx')).toBe('xx');
  });
});

describe('formatDate with remembered formatters', () => {
  it('writes each language’s dates in that language, whatever was formatted before', () => {
    const arabic = { language: 'ar' } as Parameters<typeof formatDate>[1];
    const english = { language: 'en' } as Parameters<typeof formatDate>[1];
    expect(formatDate('2024-11-27T10:00:00Z', english)).toBe('November 27, 2024');
    expect(formatDate('2024-11-27T10:00:00Z', arabic)).toBe('27 نوفمبر 2024');
    expect(formatDate('2024-11-28T23:30:00-02:00', english)).toBe('November 29, 2024');
  });
});
