import { escapeHtml } from '../text/html-escape';
import { tidyInlineText } from '../text/xml-safe-text';

const TERMINAL_PUNCTUATION = /[.!?؟:;،؛…*"”»)]$/u;

/**
 * A short standalone line with no closing punctuation, followed by more text, reads as a heading
 * in captured article text ("مظاهر التقارب").
 */
function looksLikeHeading(line: string, next: string | undefined): boolean {
  if (next === undefined || next.length <= line.length) return false;
  const words = line.split(' ').length;
  return line.length <= 80 && words <= 8 && !TERMINAL_PUNCTUATION.test(line) && !/^\d/.test(line);
}

/** Plain text to HTML: every non-empty line a paragraph, heading-like lines `<h2>`. */
export function textToHtml(text: string): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map(tidyInlineText)
    .filter((line) => line.length > 0);
  return lines
    .map((line, index) => {
      const tag = looksLikeHeading(line, lines[index + 1]) ? 'h2' : 'p';
      return `<${tag}>${escapeHtml(line)}</${tag}>`;
    })
    .join('\n');
}
