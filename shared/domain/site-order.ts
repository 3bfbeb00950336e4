/**
 * The site-wide order (CONTRACT §3): by the instant of `publishedAt`, offsets honoured, then by
 * `articleId`. The key is a string that sorts the same way, so DynamoDB range queries walk it.
 */
export function orderKey(publishedAt: string, articleId: string): string {
  const instant = new Date(publishedAt);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: ${publishedAt}`);
  const year = instant.getUTCFullYear();
  // Keys compare as strings: ISO strings only sort correctly for four-digit years.
  if (year < 1000 || year > 9999) throw new RangeError(`year out of range: ${publishedAt}`);
  return `${instant.toISOString()}#${articleId}`;
}

/**
 * A key that sorts after every key of an instant earlier than `key`'s and before every key of
 * `key`'s own instant: the bound of an archive that holds what is strictly older than that instant.
 */
export function orderKeyBefore(key: string): string {
  const separator = key.indexOf('#');
  if (separator < 0) throw new RangeError(`not an order key: ${key}`);
  return key.slice(0, separator + 1);
}

/** Sorts at or before every order key: years below 1000 are refused by {@link orderKey}. */
export const EARLIEST_ORDER_KEY = '1000-01-01T00:00:00.000Z#';
