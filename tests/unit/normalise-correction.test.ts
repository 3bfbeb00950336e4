import { describe, expect, it } from 'vitest';
import { normaliseCorrection } from '../../shared/editor/normalise-correction';
import { correctionBodySchema } from '../../shared/editor-api/editor-api-schemas';
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
        license: text(' CC  BY 4.0 '),
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
        license: 'CC BY 4.0',
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

  it('refuses an empty license (null removes it), and a field both corrected and released', () => {
    expect(
      refusedAt({
        values: { license: text('  '), title: text('T') },
        release: ['summary', 'title'],
        reason: 'R',
      }),
    ).toEqual(['/license', '/release/1']);
    expect(normaliseCorrection({ values: { license: null }, release: [], reason: 'R' }).values).toEqual({
      license: null,
    });
  });

  it('judges links by the same rule as the API', () => {
    const links = [
      'https://a.example/',
      ' https://a.example/ ',
      'http:/a.example',
      'https:a.example',
      'HTTPS://A.example',
      'https://',
      'ftp://a.example/',
      'javascript:alert(1)',
      `https://a.example/${'x'.repeat(2040)}`,
    ];
    const judged = links.map((url) => ({
      url,
      api: correctionBodySchema.safeParse({ reason: 'R', attribution: { originalUrl: url } }).success,
      useCase: refusedAt({ values: { originalUrl: url }, release: [], reason: 'R' }).length === 0,
    }));
    for (const { url, api, useCase } of judged) expect(api, url).toBe(useCase);
    expect(judged.filter(({ api }) => api).map(({ url }) => url)).toEqual(links.slice(0, 5));
  });

  it('leaves canonical text to the use case: the API passes it as typed, the use case tidies it', () => {
    const parsed = correctionBodySchema.parse({ reason: ' Typo\n ', title: ' Rains  return ' });
    expect(parsed).toEqual({ values: { title: ' Rains  return ' }, release: [], reason: ' Typo\n ' });
    expect(normaliseCorrection(parsed)).toEqual({
      values: { title: 'Rains return' },
      release: [],
      reason: 'Typo',
    });
  });
});
