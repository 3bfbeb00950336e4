import { html, inlineText, type PlainText, raw, type SafeHtml } from '../text/markup';

const TERMINAL_PUNCTUATION = /[.!?؟:;،؛…*"”»)]$/u;

/** One block of captured text: a line that reads as a heading, or a paragraph. */
export interface TextBlock {
  tag: 'h2' | 'p';
  text: PlainText;
}

/**
 * A short standalone line with no closing punctuation, followed by more text, reads as a heading
 * in captured article text ("مظاهر التقارب").
 */
function looksLikeHeading(line: string, next: string | undefined): boolean {
  if (next === undefined || next.length <= line.length) return false;
  const words = line.split(' ').length;
  return line.length <= 80 && words <= 8 && !TERMINAL_PUNCTUATION.test(line) && !/^\d/.test(line);
}

/** Plain text as blocks: every non-empty line a paragraph, heading-like lines headings. */
export function textBlocks(text: string): TextBlock[] {
  const lines: PlainText[] = text
    .split(/\r\n|\r|\n/)
    .map(inlineText)
    .filter((line) => line.length > 0);
  return lines.map((line, index) => ({
    tag: looksLikeHeading(line, lines[index + 1]) ? 'h2' : 'p',
    text: line,
  }));
}

/** One text block as HTML, its text escaped once. */
export function textBlockHtml(block: TextBlock): SafeHtml {
  return block.tag === 'h2' ? html`<h2>${block.text}</h2>` : html`<p>${block.text}</p>`;
}

/** Plain text to HTML: every non-empty line a paragraph, heading-like lines `<h2>`; text escaped once. */
export function textToHtml(text: string): SafeHtml {
  const blocks = textBlocks(text).map(textBlockHtml);
  return html`${blocks.map((block, index) => [index > 0 ? '\n' : '', raw(block)])}`;
}
