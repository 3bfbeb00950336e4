import { type Element, isTag } from 'domhandler';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';

const EXECUTABLE_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'applet',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'cite',
  'poster',
  'data',
  'background',
  'xlink:href',
]);

/** What a browser would take from a URL attribute: control characters and white space do not hide a scheme. */
function scheme(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside a scheme
  return value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
}

/**
 * Everything in an HTML fragment that a browser would run, as an HTML parser (htmlparser2, entities
 * decoded once) reads it: script-like elements, `on*` handlers, `javascript:`, `vbscript:` and
 * `data:` URLs. Empty when the fragment is inert.
 */
export function executableParts(html: string): string[] {
  const document = parseDocument(html);
  const found: string[] = [];
  for (const element of findAll(() => true, document.children) as Element[]) {
    if (EXECUTABLE_ELEMENTS.has(element.name)) found.push(`<${element.name}>`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (name.toLowerCase().startsWith('on')) found.push(`${element.name}[${name}]`);
      if (URL_ATTRIBUTES.has(name.toLowerCase()) && /^(javascript|vbscript|data):/.test(scheme(value)))
        found.push(`${element.name}[${name}=${value}]`);
    }
  }
  return found;
}

/** The text of an HTML fragment as a browser shows it: entities decoded once, markup gone. */
export function htmlText(html: string): string {
  return textContent(parseDocument(html));
}

/** The text of each top-level element of an HTML fragment (its paragraphs and headings). */
export function blockTexts(html: string): string[] {
  return parseDocument(html)
    .children.filter(isTag)
    .map((element) => textContent(element));
}

/** A `<script>` a browser only reads as data: JSON-LD inline, which never runs. */
const isDataBlock = (element: Element) =>
  element.name === 'script' &&
  element.attribs.type?.toLowerCase() === 'application/ld+json' &&
  !('src' in element.attribs);

/**
 * Everything {@link executableParts} finds (but JSON-LD data blocks, which a page may hold), and
 * what else in a whole page or a feed's HTML could run or take a reader elsewhere: `<base>`,
 * `<meta http-equiv=refresh>`, `srcdoc`, scripts in styles, and `<link>` to anything but a
 * stylesheet, icon, feed or neighbour. Empty when the HTML is inert.
 */
export function unsafeParts(html: string): string[] {
  const document = parseDocument(html);
  const found: string[] = [];
  for (const element of findAll(() => true, document.children) as Element[]) {
    const attribute = (name: string) => element.attribs[name]?.toLowerCase() ?? '';
    if (EXECUTABLE_ELEMENTS.has(element.name) && !isDataBlock(element)) found.push(`<${element.name}>`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (name.toLowerCase().startsWith('on')) found.push(`${element.name}[${name}]`);
      if (URL_ATTRIBUTES.has(name.toLowerCase()) && /(^|,\s*)(javascript|vbscript|data):/.test(scheme(value)))
        found.push(`${element.name}[${name}=${value}]`);
    }
    // SVG animation sets another attribute (an `href`) to these values when it runs.
    for (const name of ['values', 'to', 'from'])
      if (/javascript:|vbscript:|data:/.test(scheme(attribute(name)))) found.push(`${element.name}[${name}]`);
    if (element.name === 'base') found.push('<base>');
    if (element.name === 'meta' && attribute('http-equiv') === 'refresh') found.push('<meta refresh>');
    if ('srcdoc' in element.attribs) found.push(`${element.name}[srcdoc]`);
    if (/expression\(|javascript:|-moz-binding|@import/.test(scheme(attribute('style'))))
      found.push(`${element.name}[style=${element.attribs.style}]`);
    if (
      element.name === 'link' &&
      !/^(stylesheet|icon|alternate|canonical|prev|next)$/.test(attribute('rel'))
    )
      found.push(`<link rel=${attribute('rel')}>`);
  }
  return found;
}
