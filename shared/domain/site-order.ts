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
