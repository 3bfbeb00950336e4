import { describe, expect, it } from 'vitest';
import { MalformedRequestError, ValidationError } from '../../shared/errors/http-errors';
import { parseDelivery } from '../../shared/ingest/parse-delivery';
import { englishArticle, fixture } from '../support/fixtures';

function pointersOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof MalformedRequestError) {
      return error.fieldErrors.map((field) => field.pointer).sort();
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseDelivery', () => {
  it('reads both sample deliveries as article.published', () => {
    for (const name of ['webhook-article-text.json', 'webhook-article-html.json'] as const) {
      const event = parseDelivery(JSON.stringify(fixture(name)));
      expect(event.type).toBe('article.published');
      expect(event.type !== 'article.deleted' && event.article.title).toBe(
        'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟',
      );
    }
  });

  it('reads article.deleted with only an externalId', () => {
    const event = parseDelivery(
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
    expect(() => parseDelivery(body)).toThrow(MalformedRequestError);
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
    ['a date without offset', { publishedAt: '2024-11-28T10:00:00' }, ['/data/publishedAt']],
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
  ])('refuses %s with 422 and a pointer to the field', (_name, override, pointers) => {
    const body = JSON.stringify(englishArticle(override));
    expect(() => parseDelivery(body)).toThrow(ValidationError);
    expect(pointersOf(() => parseDelivery(body))).toEqual(pointers);
  });
});
