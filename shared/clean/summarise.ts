import { inlineText, type PlainText } from '../text/markup';

/**
 * The first `maxWords` words of a text, never cutting a word, with an ellipsis when shortened; and
 * never more than `maxChars` characters, which only a text without spaces reaches (then it is cut).
 */
export function summarise(text: string, maxWords = 50, maxChars = 400): PlainText {
  const words = inlineText(text).split(' ').filter(Boolean);
  let summary = words.slice(0, maxWords).join(' ');
  let shortened = words.length > maxWords;
  if ([...summary].length > maxChars) {
    const cut = [...summary].slice(0, maxChars).join('');
    const lastSpace = cut.lastIndexOf(' ');
    summary = lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
    shortened = true;
  }
  return inlineText(shortened ? `${summary}…` : summary);
}
