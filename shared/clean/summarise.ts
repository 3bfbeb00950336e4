import { tidyInlineText } from '../text/xml-safe-text';

/** The first `maxWords` words of a text, never cutting a word, with an ellipsis when shortened. */
export function summarise(text: string, maxWords = 50): string {
  const words = tidyInlineText(text).split(' ').filter(Boolean);
  if (words.length <= maxWords) return words.join(' ');
  return `${words.slice(0, maxWords).join(' ')}…`;
}
