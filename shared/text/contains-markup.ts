/** Where a tag could start: `<` and a letter, or `</` and a letter. */
const TAG_START = /<\/?[a-z]/i;

/**
 * True when the text holds what reads as an HTML tag: `<` or `</`, a letter, and a `>` later on.
 * The same answer as `/<\/?[a-z][^>]*>/i`, in linear time: that pattern retries its scan for a
 * `>` from every `<` and is quadratic on a run of `<a` without one. A tag exists exactly when some
 * `>` follows the first tag start, so one search and one `indexOf` decide.
 */
export function containsMarkup(text: string): boolean {
  const start = text.search(TAG_START);
  return start !== -1 && text.indexOf('>', start) !== -1;
}
