import { html, inlineText, type PlainText, raw, type SafeHtml } from '../text/markup';

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

/** Plain text to HTML: every non-empty line a paragraph, heading-like lines `<h2>`; text escaped once. */
export function textToHtml(text: string): SafeHtml {
  const lines: PlainText[] = text
    .split(/\r\n|\r|\n/)
    .map(inlineText)
    .filter((line) => line.length > 0);
  const blocks = lines.map((line, index) =>
    looksLikeHeading(line, lines[index + 1]) ? html`<h2>${line}</h2>` : html`<p>${line}</p>`,
  );
  return html`${blocks.map((block, index) => [index > 0 ? '\n' : '', raw(block)])}`;
}
