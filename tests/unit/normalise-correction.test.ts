import { describe, expect, it } from 'vitest';
import { normaliseCorrection } from '../../shared/editor/normalise-correction';
import { ValidationError } from '../../shared/errors/http-errors';
import type { PlainText } from '../../shared/text/markup';

const text = (value: string) => value as PlainText;

/** The pointers a refused correction names. */
function refusedAt(request: Parameters<typeof normaliseCorrection>[0]): string[] {
  try {
    normaliseCorrection(request);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors.map((field) => field.pointer);
    throw error;
  }
  return [];
}

describe('normalising a correction', () => {
  it('keeps text as text on one line, and links as the URL standard writes them', () => {
    const normalised = normaliseCorrection({
      values: {
        title: text(' <b>Bold</b>\n claim '),
        authors: [
          { name: text(' Jane  Doe '), url: ' https://Example.org/a b ' },
          { name: text('Jane Doe') },
          { name: text(' ') },
        ],
        publisher: { name: text('Wire'), url: 'https://wire.example' },
        license: text('  '),
        originalUrl: 'https://other.example/news/1?a=1&b=2',
      },
      release: ['summary', 'summary'],
      reason: ' Misleading\u0000 headline ',
    });
    expect(normalised).toEqual({
      values: {
        title: '<b>Bold</b> claim',
        authors: [{ name: 'Jane Doe', url: 'https://example.org/a%20b' }],
        publisher: { name: 'Wire', url: 'https://wire.example/' },
        license: null,
        originalUrl: 'https://other.example/news/1?a=1&b=2',
      },
      release: ['summary'],
      reason: 'Misleading headline',
    });
  });

  it('refuses links that are not absolute http(s), wherever they are', () => {
    expect(
      refusedAt({
        values: {
          originalUrl: 'javascript:alert(1)',
          publisher: { name: text('Wire'), url: 'data:text/html,x' },
          authors: [{ name: text('A'), url: '/relative' }],
        },
        release: [],
        reason: 'Links',
      }),
    ).toEqual(['/authors/0/url', '/publisher/url', '/originalUrl']);
  });
});
