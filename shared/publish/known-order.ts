import type { OrderEntry } from '../domain/order-entry';
import type { Neighbours, OrderWindow } from '../ports/article-store';

/**
 * The stretches of one order a publish has read. A key inside a stretch (an entry older and one
 * newer than it in the stretch, or the stretch reaching that end of the order) has its neighbours
 * there, so the pages of a whole batch are linked from a few reads rather than two per page.
 */
export class KnownOrder {
  readonly #windows: OrderWindow[] = [];

  add(window: OrderWindow): void {
    this.#windows.push(window);
  }

  /** Neighbours of `key`, excluding `key` itself; `undefined` when no window read spans it. */
  neighbours(key: string): Neighbours | undefined {
    for (const window of this.#windows) {
      let previous: OrderEntry | undefined;
      let next: OrderEntry | undefined;
      for (const entry of window.entries) {
        if (entry.key < key) previous = entry;
        else if (entry.key > key) {
          next = entry;
          break;
        }
      }
      if ((previous || window.fromOldest) && (next || window.toNewest)) return { previous, next };
    }
    return undefined;
  }

  /** The newest `limit` entries, newest first, when a window read from the newest holds them. */
  newest(limit: number): OrderEntry[] | undefined {
    for (const window of this.#windows) {
      if (!window.toNewest) continue;
      if (window.entries.length >= limit || window.fromOldest)
        return window.entries.slice(Math.max(0, window.entries.length - limit)).reverse();
    }
    return undefined;
  }
}
