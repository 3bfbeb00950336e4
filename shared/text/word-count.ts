/** Words by Unicode's rules, so Chinese or Thai (written without spaces) count as words too. */
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** How many words a text holds; punctuation and spaces are not words. */
export function countWords(text: string): number {
  let count = 0;
  for (const segment of WORDS.segment(text)) if (segment.isWordLike) count++;
  return count;
}
