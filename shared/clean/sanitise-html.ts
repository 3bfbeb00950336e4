import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import { type PlainText, plainText, type SafeHtml, trustedHtml } from '../text/markup';
import { normaliseText } from '../text/xml-safe-text';

/** Resolves `value` against `base`; `undefined` when it is not a usable http(s) URL. */
export function absoluteHttpUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function absoluteSrcset(srcset: string, base: string): string | undefined {
  const candidates = srcset
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/))
    .flatMap(([url, ...descriptor]) => {
      const absolute = url ? absoluteHttpUrl(url, base) : undefined;
      return absolute ? [[absolute, ...descriptor].join(' ')] : [];
    });
  return candidates.length > 0 ? candidates.join(', ') : undefined;
}

function withAbsolute(
  attribs: Record<string, string>,
  names: string[],
  base: string,
): Record<string, string> {
  const out = { ...attribs };
  for (const name of names) {
    const value = out[name];
    if (value === undefined) continue;
    const absolute = name === 'srcset' ? absoluteSrcset(value, base) : absoluteHttpUrl(value, base);
    if (absolute) out[name] = absolute;
    else delete out[name];
  }
  return out;
}

/**
 * The allowlist: structure, emphasis, links, images, tables and quotes. Everything else, with
 * every event handler and style, is dropped; script-like elements lose their content too.
 */
function sanitiseOptions(baseUrl: string): sanitizeHtml.IOptions {
  return {
    allowedTags: [
      'p',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'strong',
      'em',
      'b',
      'i',
      'u',
      's',
      'sub',
      'sup',
      'br',
      'hr',
      'figure',
      'figcaption',
      'img',
      'table',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'th',
      'td',
      'caption',
      'pre',
      'code',
      'cite',
      'q',
      'abbr',
      'time',
      'span',
      'mark',
    ],
    allowedAttributes: {
      '*': ['dir', 'lang'],
      a: ['href', 'title'],
      img: ['src', 'srcset', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      time: ['datetime'],
      abbr: ['title'],
      q: ['cite'],
      blockquote: ['cite'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'template',
      'iframe',
      'object',
      'select',
    ],
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, ['href'], baseUrl) }),
      img: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, ['src', 'srcset'], baseUrl) }),
      q: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, ['cite'], baseUrl) }),
      blockquote: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, ['cite'], baseUrl) }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

/**
 * Sanitises partner HTML to the allowlist, makes every URL absolute against `baseUrl` and removes
 * characters XML forbids, so the result is safe in a page and in a feed alike. This is where
 * article HTML becomes `SafeHtml`.
 */
export function sanitiseArticleHtml(html: string, baseUrl: string): SafeHtml {
  return trustedHtml(normaliseText(sanitizeHtml(normaliseText(html), sanitiseOptions(baseUrl))).trim());
}

/** Elements after which text starts on a new line, so words of two paragraphs never run together. */
const LINE_BREAKING = new Set([
  'p',
  'div',
  'br',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figcaption',
  'tr',
  'pre',
  'hr',
]);

/**
 * The text of an HTML fragment, for summaries and detection. The parser decodes every entity
 * exactly once (with `entities`), so `&amp;lt;b&amp;gt;` in the HTML is the text `&lt;b&gt;`, and
 * `&lt;script&gt;` is the text `<script>`: text, never markup again. A streaming parse: the text
 * needs no tree, and a tree of a partner's tens of thousands of elements costs more to build.
 */
export function htmlToText(html: SafeHtml): PlainText {
  const out: string[] = [];
  const parser = new Parser({
    ontext(text) {
      out.push(text);
    },
    onclosetag(name) {
      if (LINE_BREAKING.has(name)) out.push('\n');
    },
  });
  parser.end(html);
  return plainText(out.join(''));
}
