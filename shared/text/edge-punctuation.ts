/** One character of space, punctuation or symbol. */
const EDGE_CHARACTER = /^[\s\p{P}\p{S}]$/u;

const isEdge = (character: string) => EDGE_CHARACTER.test(character);

/**
 * The text without the spaces, punctuation and symbols at either end (`"« Source: X »"` →
 * `"Source: X"`). Walks in from each end one character at a time: the regular expression
 * `[\s\p{P}\p{S}]+$` retries from every position of a run it cannot finish, which is quadratic
 * on a long run of punctuation inside the text.
 */
export function trimEdgePunctuation(text: string): string {
  let start = 0;
  while (start < text.length) {
    const character = String.fromCodePoint(text.codePointAt(start) ?? 0);
    if (!isEdge(character)) break;
    start += character.length;
  }
  let end = text.length;
  while (end > start) {
    const width = isLowSurrogate(text.charCodeAt(end - 1)) && end - 2 >= start ? 2 : 1;
    if (!isEdge(text.slice(end - width, end))) break;
    end -= width;
  }
  return text.slice(start, end);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
