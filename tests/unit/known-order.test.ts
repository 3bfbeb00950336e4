import { describe, expect, it } from 'vitest';
import type { OrderEntry } from '../../shared/domain/order-entry';
import { KnownOrder } from '../../shared/publish/known-order';
import type { PlainText } from '../../shared/text/markup';

const entry = (n: number): OrderEntry => ({
  scope: 'site',
  key: `2024-01-01T00:${String(n).padStart(2, '0')}:00.000Z#a${n}`,
  articleId: `a${n}`,
  slug: `s${n}`,
  title: `Article ${n}` as PlainText,
  publishedAt: `2024-01-01T00:${String(n).padStart(2, '0')}:00.000Z`,
});
const ids = (neighbours: ReturnType<KnownOrder['neighbours']>) =>
  neighbours && { previous: neighbours.previous?.articleId, next: neighbours.next?.articleId };

describe('KnownOrder', () => {
  it('answers the neighbours of a key inside a window read from the newest, and not below it', () => {
    const order = new KnownOrder();
    // The newest five of a longer order: 5..9.
    order.add({ entries: [5, 6, 7, 8, 9].map(entry), fromOldest: false, toNewest: true });
    expect(ids(order.neighbours(entry(9).key))).toEqual({ previous: 'a8', next: undefined });
    expect(ids(order.neighbours(entry(6).key))).toEqual({ previous: 'a5', next: 'a7' });
    // a5's older neighbour was not read: unknown, not "none".
    expect(order.neighbours(entry(5).key)).toBeUndefined();
  });

  it('knows a key absent from the order (a position an article left) by what surrounds it', () => {
    const order = new KnownOrder();
    order.add({ entries: [2, 3, 5, 6].map(entry), fromOldest: false, toNewest: false });
    expect(ids(order.neighbours(entry(4).key))).toEqual({ previous: 'a3', next: 'a5' });
    expect(order.neighbours(entry(7).key)).toBeUndefined();
  });

  it('says an end of the order has no neighbour only when the window reached that end', () => {
    const order = new KnownOrder();
    order.add({ entries: [0, 1].map(entry), fromOldest: true, toNewest: false });
    expect(ids(order.neighbours(entry(0).key))).toEqual({ previous: undefined, next: 'a1' });
    expect(order.neighbours(entry(1).key)).toBeUndefined();
  });

  it('serves the newest entries, newest first, only from a window that holds them all', () => {
    const order = new KnownOrder();
    order.add({ entries: [5, 6, 7, 8, 9].map(entry), fromOldest: false, toNewest: true });
    expect(order.newest(3)?.map((e) => e.articleId)).toEqual(['a9', 'a8', 'a7']);
    expect(order.newest(6)).toBeUndefined();
    const short = new KnownOrder();
    short.add({ entries: [0, 1].map(entry), fromOldest: true, toNewest: true });
    expect(short.newest(50)?.map((e) => e.articleId)).toEqual(['a1', 'a0']);
  });
});
