import { describe, expect, it } from 'vitest';
import { MalformedRequestError, ValidationError } from '../../shared/errors/http-errors';
import type { FieldError } from '../../shared/errors/problem-error';
import { deliveredExternalId } from '../../shared/ingest/delivery-schema';
import { parseDelivery, readDeliveryJson } from '../../shared/ingest/parse-delivery';
import { englishArticle, fixture } from '../support/fixtures';

/** The instant every delivery here is judged at: the sample article's envelope time. */
const NOW = new Date('2024-11-28T10:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();

const parse = (body: string) => parseDelivery(body, NOW);

function refusalOf(run: () => unknown): MalformedRequestError | ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof MalformedRequestError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const pointersOf = (run: () => unknown): string[] =>
  refusalOf(run)
    .fieldErrors.map((field) => field.pointer)
    .sort();

describe('parseDelivery', () => {
  it('reads both sample deliveries as article.published', () => {
    for (const name of ['webhook-article-text.json', 'webhook-article-html.json'] as const) {
      const event = parse(JSON.stringify(fixture(name)));
      expect(event.type).toBe('article.published');
      expect(event.type !== 'article.deleted' && event.article.title).toBe(
        'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟',
      );
    }
  });

  it('reads article.deleted with only an externalId', () => {
    const event = parse(
      JSON.stringify({
        type: 'article.deleted',
        timestamp: '2024-11-28T00:00:00Z',
        data: { externalId: 'a-1' },
      }),
    );
    expect(event).toEqual({
      type: 'article.deleted',
      occurredAt: '2024-11-28T00:00:00Z',
      deletion: { externalId: 'a-1' },
    });
  });

  it.each([
    ['not JSON', '{"type":'],
    ['an unknown event type', JSON.stringify({ ...englishArticle(), type: 'article.moved' })],
    [
      'no data object',
      JSON.stringify({ type: 'article.published', timestamp: '2024-11-28T00:00:00Z', data: [] }),
    ],
    [
      'JSON nested 40 deep',
      JSON.stringify({ ...englishArticle(), extra: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }),
    ],
  ])('refuses %s with 400', (_name, body) => {
    expect(() => parse(body)).toThrow(MalformedRequestError);
  });

  it.each([
    ['externalId with a space', { externalId: 'a b' }, ['/data/externalId']],
    ['a relative url', { url: '/news/1' }, ['/data/url']],
    ['a javascript: url', { url: 'javascript:alert(1)' }, ['/data/url']],
    ['a title with markup', { title: '<b>Bold</b> claim' }, ['/data/title']],
    ['a title over 500 characters', { title: 'ت'.repeat(501) }, ['/data/title']],
    ['an author name with markup', { author: { name: '<b>Jane</b> Doe' } }, ['/data/author/name']],
    ['a category with markup', { categories: ['ok', '<i>news</i>'] }, ['/data/categories/1']],
    [
      'an attribution with markup',
      { attribution: { publisher: '<b>Press</b>', license: 'CC <a href=x>BY</a>' } },
      ['/data/attribution/license', '/data/attribution/publisher'],
    ],
    ['both content fields', { contentHtml: '<p>x</p>' }, ['/data/contentText']],
    ['no content at all', { contentText: undefined }, ['/data/contentHtml']],
    [
      'HTML nested 201 deep',
      { contentText: undefined, contentHtml: `${'<b>'.repeat(201)}x` },
      ['/data/contentHtml'],
    ],
    ['a date without offset', { publishedAt: '2024-11-28T10:00:00' }, ['/data/publishedAt']],
    ['a date that is no date', { publishedAt: 'last tuesday' }, ['/data/publishedAt']],
    ['updatedAt before publishedAt', { updatedAt: '2024-01-01T00:00:00Z' }, ['/data/updatedAt']],
    ['21 categories', { categories: Array.from({ length: 21 }, (_, i) => `c${i}`) }, ['/data/categories']],
    ['an image with a relative url', { image: { url: 'x.jpg' } }, ['/data/image/url']],
    [
      'an attribution without publisher',
      { attribution: { url: 'https://p.example/' } },
      ['/data/attribution/publisher'],
    ],
    ['a language that is not BCP 47', { language: 'not a tag' }, ['/data/language']],
    ['content over 512 KiB', { contentText: 'x'.repeat(512 * 1024 + 1) }, ['/data/contentText']],
  ])('refuses %s with 422 and one pointer to the field', (_name, override, pointers) => {
    const body = JSON.stringify(englishArticle(override));
    expect(() => parse(body)).toThrow(ValidationError);
    expect(pointersOf(() => parse(body))).toEqual(pointers);
  });

  it('lists every broken rule at once, in field order, cross-field rules included', () => {
    const body = JSON.stringify(
      englishArticle({
        url: 'not a url',
        title: 'Markup <em>inside</em>',
        contentHtml: '<p>Also HTML</p>',
        publishedAt: '2099-01-01T00:00:00Z',
        updatedAt: '2098-12-31T00:00:00Z',
        categories: Array.from({ length: 21 }, (_, i) => `c${i}`),
      }),
    );
    const refusal = refusalOf(() => parse(body));
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal.fieldErrors.map((field) => field.pointer)).toEqual([
      '/data/url',
      '/data/title',
      '/data/contentText',
      '/data/updatedAt',
      '/data/categories',
    ]);
    const messages = (pointer: string) =>
      refusal.fieldErrors.filter((field: FieldError) => field.pointer === pointer).map((f) => f.message);
    expect(messages('/data/contentText')).toEqual(['give contentHtml or contentText, not both']);
    // The future publishedAt is an embargo; an updatedAt before it breaks the order rule only.
    expect(messages('/data/updatedAt')).toEqual(['must not be before publishedAt']);
    expect(refusal.detail).toMatch(/^The article.published data breaks 5 field rules: \/data\/url /);
  });

  describe('bounded work and storable values', () => {
    const errorsOf = (override: Record<string, unknown>) =>
      refusalOf(() => parse(JSON.stringify(englishArticle(override)))).fieldErrors;

    it.each([
      ['a title of "<a" a million characters long', { title: '<a'.repeat(500_000) }, '/data/title'],
      ['a url a million characters long', { url: `https://x.example/${'a'.repeat(1_000_000)}` }, '/data/url'],
      [
        'HTML over 5 MiB that also nests too deep',
        { contentText: undefined, contentHtml: '<b>'.repeat(1_800_000) },
        '/data/contentHtml',
      ],
      ['a language tag of a thousand characters', { language: 'en-'.repeat(333) }, '/data/language'],
    ])('judges %s by its length alone, the costlier rules never run', (_name, override, pointer) => {
      expect(errorsOf(override)).toEqual([{ pointer, message: expect.stringMatching(/^must be at most /) }]);
    });

    it.each([
      ['publishedAt', { publishedAt: `2024-11-28T10:00:00.${'1'.repeat(900_000)}Z` }],
      ['publishedAt', { publishedAt: '2024-11-28T10:00:00.1234567891Z' }],
      ['updatedAt', { updatedAt: '2024-11-28T10:00:00.1234567891Z' }],
    ])('refuses a %s with more than 9 fraction digits, naming it', (field, override) => {
      expect(errorsOf(override)).toEqual([
        { pointer: `/data/${field}`, message: 'must have at most 9 fraction digits (nanoseconds)' },
      ]);
    });

    it('accepts a date-time to the nanosecond', () => {
      const publishedAt = '2024-11-28T10:00:00.123456789+01:00';
      const event = parse(JSON.stringify(englishArticle({ publishedAt })));
      expect(event.type !== 'article.deleted' && event.article.publishedAt).toBe(publishedAt);
    });

    it('refuses an envelope timestamp with more than 9 fraction digits with 400', () => {
      const body = JSON.stringify({
        ...englishArticle(),
        timestamp: `2024-11-28T10:00:00.${'0'.repeat(900_000)}Z`,
      });
      const refusal = refusalOf(() => parse(body));
      expect(refusal).toBeInstanceOf(MalformedRequestError);
      expect(refusal.fieldErrors).toEqual([
        { pointer: '/timestamp', message: 'must have at most 9 fraction digits (nanoseconds)' },
      ]);
    });

    it('gives the language as the shortest tag of the language', () => {
      const event = parse(JSON.stringify(englishArticle({ language: 'EN-gb' })));
      expect(event.type !== 'article.deleted' && event.article.language).toBe('en');
    });
  });

  it('still judges the rules between fields when another field is broken', () => {
    // zod alone skips object-level rules once any field fails; here the title is broken.
    const body = JSON.stringify(englishArticle({ title: '', contentHtml: '<p>x</p>' }));
    expect(pointersOf(() => parse(body))).toEqual(['/data/contentText', '/data/title']);
  });

  describe('time, against the injected clock', () => {
    it('accepts a publishedAt of any future instant: an embargo, with updatedAt defaulting to it', () => {
      const event = parse(JSON.stringify(englishArticle({ publishedAt: '2099-01-01T00:00:00Z' })));
      expect(event.type !== 'article.deleted' && event.article.publishedAt).toBe('2099-01-01T00:00:00Z');
    });

    it('accepts an embargoed article whose updatedAt is its publishedAt, in another offset', () => {
      const body = englishArticle({ publishedAt: later(3600), updatedAt: '2024-11-28T12:00:00+01:00' });
      expect(() => parse(JSON.stringify(body))).not.toThrow();
    });

    it.each([
      ['without an embargo', {}],
      ['after its embargo', { publishedAt: later(600) }],
    ])('refuses an updatedAt 301 s ahead %s with 422 saying why', (_case, override) => {
      const refusal = refusalOf(() =>
        parse(JSON.stringify(englishArticle({ ...override, updatedAt: later(601) }))),
      );
      expect(refusal).toBeInstanceOf(ValidationError);
      expect(refusal.fieldErrors).toEqual([
        {
          pointer: '/data/updatedAt',
          message: expect.stringMatching(/300 s ahead of our clock.*unless it is the embargoed publishedAt/),
        },
      ]);
    });

    it('accepts an updatedAt up to 300 s ahead, the clock-skew allowance', () => {
      const event = parse(JSON.stringify(englishArticle({ publishedAt: later(300), updatedAt: later(300) })));
      expect(event.type !== 'article.deleted' && event.article.publishedAt).toBe(later(300));
    });

    it('judges by the clock it is given, not the wall clock', () => {
      const body = JSON.stringify(
        englishArticle({ publishedAt: '2024-11-28T10:00:00Z', updatedAt: '2099-01-01T00:00:00Z' }),
      );
      expect(() => parse(body)).toThrow(ValidationError);
      expect(() => parseDelivery(body, new Date('2099-01-01T00:00:00Z'))).not.toThrow();
    });

    it.each([
      ['article.published', englishArticle()],
      ['article.deleted', { type: 'article.deleted', data: { externalId: 'a-1' } }],
    ])('refuses a %s whose envelope timestamp is 301 s ahead with 400, before the data', (_type, base) => {
      const body = JSON.stringify({ ...base, timestamp: later(301) });
      const refusal = refusalOf(() => parse(body));
      expect(refusal).toBeInstanceOf(MalformedRequestError);
      expect(refusal.fieldErrors).toEqual([{ pointer: '/timestamp', message: expect.any(String) }]);
      expect(refusal.detail).toMatch(/later than now \(2024-11-28T10:00:00.000Z\) plus the 300 s/);
    });

    it('accepts an envelope timestamp 300 s ahead, and any in the past', () => {
      for (const timestamp of [later(300), '2001-01-01T00:00:00Z']) {
        expect(parse(JSON.stringify({ ...englishArticle(), timestamp })).occurredAt).toBe(timestamp);
      }
    });
  });
});

describe('the article a delivery names, read before it is judged', () => {
  it('reads data.externalId when the schema would accept it, and nothing else', () => {
    expect(deliveredExternalId({ data: { externalId: 'ext-1.a_b:c' } })).toBe('ext-1.a_b:c');
    for (const json of [
      null,
      'text',
      [],
      { data: null },
      { data: [] },
      { data: { externalId: 42 } },
      { data: { externalId: '' } },
      { data: { externalId: 'has space' } },
      { data: { externalId: 'x'.repeat(201) } },
      { externalId: 'not-in-data' },
    ]) {
      expect(deliveredExternalId(json), JSON.stringify(json)).toBeUndefined();
    }
  });

  it('holds a body that is not JSON, or nested too deep, as the 400 parseDelivery throws', () => {
    for (const body of ['not json', `${'['.repeat(40)}${']'.repeat(40)}`]) {
      const read = readDeliveryJson(body);
      expect(read).toEqual({ refusal: expect.any(MalformedRequestError) });
      expect(refusalOf(() => parseDelivery(read, NOW))).toBe('refusal' in read ? read.refusal : undefined);
    }
  });
});
