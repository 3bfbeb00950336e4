import { Parser } from 'htmlparser2';
import { type SafeHtml, trustedHtml } from '../text/markup';

export { DEFAULT_FEED_EXCERPT_BYTES } from './feed-excerpt-default';

/** The beginning of an article's body that fits a feed item. */
export interface FeedExcerpt {
  html: SafeHtml;
  /** True when `html` is the whole body; false when it was cut and the rest is on the article page. */
  whole: boolean;
}

/** Elements whose end closes a whole block of the article: where an excerpt may stop. */
const BLOCK_ENDS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'div',
  'dl',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Elements without content: the parser reports their end as implied, right after the start tag. */
const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr']);

/**
 * What each ASCII character takes at most in a feed document: `<`, `>` and `&` as XML references
 * (`&#x3C;`), CR as `&#xD;`, `"`, `\`, LF and tab as two-character JSON escapes, other controls as
 * `\u00XX`, everything else one byte. One lookup per character keeps {@link feedBytes} cheap on
 * the long bodies every feed render measures.
 */
const ASCII_FEED_BYTES = Uint8Array.from({ length: 0x80 }, (_, code) => {
  if (code === 0x3c || code === 0x3e || code === 0x26) return 6;
  if (code === 0x0d) return 5;
  if (code === 0x22 || code === 0x5c || code === 0x0a || code === 0x09) return 2;
  if (code < 0x20) return 6;
  return 1;
});

/**
 * The most bytes `text[from, to)` can take in a feed document: its UTF-8 length, with every character
 * that XML text or a JSON string escapes counted at its longest escape (`<` is `&#x3C;` in XML, `"`
 * is `\"` in JSON). So a budget holds in RSS, Atom and JSON Feed alike, whatever the HTML is made of.
 */
export function feedBytes(text: string, from = 0, to = text.length): number {
  let bytes = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += ASCII_FEED_BYTES[code] as number;
    else if (code < 0x800) bytes += 2;
    // Each half of a surrogate pair: the pair is four bytes.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** Runs of characters that take exactly their UTF-8 length in a feed document: all but `<`, `>`, `&`, `"`, `\` and controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const PLAIN_RUNS = /[^\u0000-\u001F<>&"\\]+/g;

/**
 * Whether the whole of `body` is within `budgetBytes` (see {@link feedBytes}), asked of every body on
 * every feed render: its UTF-8 length, counted natively, plus what its few escaped characters add,
 * found by one regular expression. Reading the characters one by one in a loop took three times as
 * long on prose. A lone surrogate (which XML output removes) is three bytes in UTF-8 where
 * {@link feedBytes} counts two, so a body over budget by this count is measured again exactly.
 */
function fitsWhole(body: string, budgetBytes: number): boolean {
  if (body.length > budgetBytes) return false;
  let bytes = Buffer.byteLength(body, 'utf8');
  const escaped = body.replace(PLAIN_RUNS, '');
  for (let index = 0; index < escaped.length; index++) {
    bytes += (ASCII_FEED_BYTES[escaped.charCodeAt(index)] as number) - 1;
  }
  return bytes <= budgetBytes || feedBytes(body) <= budgetBytes;
}

/** A place the excerpt can end: everything before `end`, then end tags for what is still open. */
interface Cut {
  end: number;
  endTags: string;
}

/**
 * The beginning of `body` that takes at most `budgetBytes` in a feed document (see
 * {@link feedBytes}), ended at a block boundary: the body up to the end of its last whole block that
 * fits, followed by end tags for the elements still open there (a list, a quote, a table), so the
 * excerpt is well-formed HTML made only of the body's own elements and attributes. When not even
 * one block fits (a body that is one enormous paragraph), it ends at the last line break that fits;
 * failing that, it is empty.
 *
 * Only the first `budgetBytes` characters are read (no character takes less than a byte), so the
 * cost is bounded by the budget, however long the body is.
 */
export function feedExcerpt(body: SafeHtml, budgetBytes: number): FeedExcerpt {
  if (fitsWhole(body, budgetBytes)) return { html: body, whole: true };

  const open: string[] = [];
  let measuredTo = 0;
  let measured = 0;
  let block: Cut | undefined;
  let line: Cut | undefined;
  const parser = new Parser({
    onopentag(name) {
      open.push(name);
    },
    onclosetag(name, isImplied) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      // An end implied by a later start tag lies before that tag: not a place to cut.
      if (isImplied && !VOID_ELEMENTS.has(name)) return;
      const isBlock = BLOCK_ENDS.has(name);
      if (!isBlock && name !== 'br') return;
      const end = parser.endIndex + 1;
      measured += feedBytes(body, measuredTo, end);
      measuredTo = end;
      const endTags = open
        .slice()
        .reverse()
        .map((element) => `</${element}>`)
        .join('');
      if (measured + feedBytes(endTags) > budgetBytes) return;
      if (isBlock) block = { end, endTags };
      else line = { end, endTags };
    },
  });
  // Never ended: a tag cut off by the window is no boundary, and nothing is closed by implication.
  parser.write(body.slice(0, budgetBytes));

  const cut = block ?? line;
  // A prefix of sanitised HTML that ends after a tag, with end tags of elements it opened: as safe.
  return { html: trustedHtml(cut ? body.slice(0, cut.end) + cut.endTags : ''), whole: false };
}
