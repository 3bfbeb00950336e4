import { html, inlineText, type PlainText, raw, type SafeHtml } from '../text/markup';

const TERMINAL_PUNCTUATION = /[.!?؟:;،؛…*"”»)]$/u;

/** One block of captured text: a line that reads as a heading, or a paragraph. */
export interface TextBlock {
  tag: 'h2' | 'p';
  text: PlainText;
}

const MAX_HEADING_CHARS = 80;
const MAX_HEADING_WORDS = 8;

/** A line shaped like a heading: short, no closing punctuation, not a numbered list item. */
function isHeadingShaped(line: string): boolean {
  return (
    line.length <= MAX_HEADING_CHARS &&
    line.split(' ').length <= MAX_HEADING_WORDS &&
    !TERMINAL_PUNCTUATION.test(line) &&
    !/^\d/.test(line)
  );
}

/**
 * A short standalone line with no closing punctuation reads as a heading in captured article text
 * ("مظاهر التقارب"), but only when a paragraph follows it: a line followed by nothing, or by
 * another short line (a list, a verse, a run of captions), is a paragraph of the body.
 */
function looksLikeHeading(line: string, next: string | undefined): boolean {
  if (next === undefined || next.length <= line.length || !isHeadingShaped(line)) return false;
  return !isHeadingShaped(next);
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
