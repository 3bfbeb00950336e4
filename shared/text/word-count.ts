/**
 * Words by Unicode's rules, so Chinese or Thai (written without spaces) count as words too. Made on
 * first use, not when a Lambda's module loads: ICU's segmenter is costly to make.
 */
let words: Intl.Segmenter | undefined;

/**
 * V8's segmenter costs time quadratic in the length of the string it iterates (a paragraph of
 * 256 KiB took seconds), so text is segmented in windows of this many characters, each cut after
 * a space where it has one, so that no word is split and counted twice.
 */
const WINDOW_CHARACTERS = 4096;

/** How many words a text holds; punctuation and spaces are not words. Linear in its length. */
export function countWords(text: string): number {
  let count = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + WINDOW_CHARACTERS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space + 1;
      // Never between the two halves of a surrogate pair.
      else if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
    }
    words ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const segment of words.segment(text.slice(start, end))) if (segment.isWordLike) count++;
    start = end;
  }
  return count;
}
