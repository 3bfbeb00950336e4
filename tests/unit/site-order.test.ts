import { describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { EARLIEST_ORDER_KEY, orderKey, orderKeyBefore } from '../../shared/domain/site-order';

describe('site order', () => {
  it('orders by the instant, honouring offsets', () => {
    // 10:00+03:00 is 07:00Z, earlier than 08:00Z.
    expect(orderKey('2024-11-27T10:00:00+03:00', 'a') < orderKey('2024-11-27T08:00:00Z', 'a')).toBe(true);
  });

  it('breaks ties by articleId', () => {
    const list = [
      { publishedAt: '2024-11-27T09:00:00Z', articleId: 'a1' },
      { publishedAt: '2024-11-27T12:00:00+03:00', articleId: 'a2' },
      { publishedAt: '2024-11-28T00:00:00Z', articleId: 'a0' },
    ];
    expect(
      list
        .sort((a, b) =>
          orderKey(a.publishedAt, a.articleId) < orderKey(b.publishedAt, b.articleId) ? 1 : -1,
        )
        .map((item) => item.articleId),
    ).toEqual(['a0', 'a2', 'a1']);
  });

  it('refuses years that would not sort as strings', () => {
    expect(() => orderKey('0999-01-01T00:00:00Z', 'a')).toThrow(RangeError);
  });

  it('has a key just before an instant: after every earlier key, before every key of that instant', () => {
    const bound = orderKeyBefore(orderKey('2024-11-27T09:00:00Z', 'm'));
    expect(orderKey('2024-11-27T08:59:59.999Z', 'zzzz') < bound).toBe(true);
    for (const id of ['0', 'a', 'm', 'z']) expect(bound < orderKey('2024-11-27T09:00:00Z', id)).toBe(true);
    expect(() => orderKeyBefore('2024-11-27T09:00:00.000Z')).toThrow(RangeError);
  });

  it('has a key at or before every key it can make', () => {
    expect(EARLIEST_ORDER_KEY < orderKey('1000-01-01T00:00:00Z', '0')).toBe(true);
  });
});

describe('articleIdFor', () => {
  it('is stable per partner and external id, and differs across partners', () => {
    expect(articleIdFor('almadar', 'x-1')).toBe(articleIdFor('almadar', 'x-1'));
    expect(articleIdFor('almadar', 'x-1')).not.toBe(articleIdFor('other', 'x-1'));
    expect(articleIdFor('almadar', 'x-1')).toMatch(/^a[0-9a-hjkmnp-tv-z]{20}$/);
  });
});
