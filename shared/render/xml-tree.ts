import { type Element, xml2js } from 'xml-js';
import type { PlainText, SafeHtml } from '../text/markup';

/** Character data already escaped by {@link escapedXmlText}: written as it is. */
export interface EscapedXmlText {
  type: 'escaped';
  xml: string;
}

/**
 * An element already written as XML (by {@link xmlLine} or {@link xmlBlock}), placed among its
 * parent's children as it is. Feed items are written this way: each is a dozen small elements, and
 * writing them straight to text costs a fraction of building and walking a tree for them.
 */
export interface WrittenXml {
  type: 'written';
  xml: string;
}

/** What an element holds: elements, character data, or character data escaped ahead of time. */
export type XmlNode =
  | XmlElement
  | WrittenXml
  | { type: 'text'; text: string }
  | { type: 'cdata'; cdata: string }
  | EscapedXmlText;

/** An XML element in `xml-js`'s non-compact form: what `parseXml` reads and `serialiseXml` writes. */
export interface XmlElement {
  type: 'element';
  name: string;
  attributes?: Record<string, string | number | undefined>;
  elements?: XmlNode[];
}

/**
 * Character references for text: `&` and `<` in hexadecimal as the RSS Best Practices Profile asks
 * (the W3C validator reads `&#x` as the mark of text that merely looks like markup), `>` so no
 * `]]>` can appear, and CR, which a parser would otherwise turn into LF.
 */
const TEXT_REFERENCES: Record<string, string> = {
  '&': '&#x26;',
  '<': '&#x3C;',
  '>': '&#x3E;',
  '\r': '&#xD;',
};
/** Attributes also need their quote, and tab and LF, which attribute-value normalisation folds to spaces. */
const ATTRIBUTE_REFERENCES: Record<string, string> = {
  ...TEXT_REFERENCES,
  '"': '&#x22;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};

/**
 * The characters XML text and attributes escape, and every character `stripXmlForbidden`
 * (`shared/text/xml-safe-text.ts`) removes (C0 and C1 controls, U+FFFE, U+FFFF) or may remove (surrogates, kept when paired): one
 * scan both escapes and strips, which matters on the long item bodies every feed render writes.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const TEXT_SPECIALS = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const ATTRIBUTE_SPECIALS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[&<>\r"\t\n\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/g;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** What one special character becomes: its reference, itself (half of a surrogate pair) or nothing. */
function replacement(references: Record<string, string>) {
  return (char: string, offset: number, text: string): string => {
    const reference = references[char];
    if (reference !== undefined) return reference;
    const code = char.charCodeAt(0);
    if (isHighSurrogate(code)) return isLowSurrogate(text.charCodeAt(offset + 1)) ? char : '';
    if (isLowSurrogate(code)) return isHighSurrogate(text.charCodeAt(offset - 1)) ? char : '';
    return '';
  };
}
const textReplacement = replacement(TEXT_REFERENCES);
const attributeReplacement = replacement(ATTRIBUTE_REFERENCES);

/**
 * Text as XML character data: it reads back, through any XML parser, as exactly this text with the
 * characters XML forbids removed (as `stripXmlForbidden` removes them).
 */
export function escapeXmlText(text: string): string {
  return text.replace(TEXT_SPECIALS, textReplacement);
}

function escapeXmlAttribute(value: string): string {
  return value.replace(ATTRIBUTE_SPECIALS, attributeReplacement);
}

/**
 * Text or HTML escaped once, to be written in several documents (the same item body in RSS and
 * Atom) without being escaped again for each.
 */
export function escapedXmlText(text: PlainText | SafeHtml | string): EscapedXmlText {
  return { type: 'escaped', xml: escapeXmlText(text) };
}

/** Parses an XML document (entities decoded once, by a real parser) and returns its root element. */
export function parseXml(xml: string): XmlElement {
  const document = xml2js(xml, { compact: false }) as Element;
  const root = document.elements?.find((node) => node.type === 'element');
  if (!root) throw new Error('the XML document has no root element');
  return root as XmlElement;
}

/** An element; attributes whose value is `undefined` are left out. */
export function xmlElement(
  name: string,
  attributes: Record<string, string | undefined> = {},
  children: XmlNode[] = [],
): XmlElement {
  const defined = Object.fromEntries(
    Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    type: 'element',
    name,
    ...(Object.keys(defined).length > 0 ? { attributes: defined } : {}),
    elements: children,
  };
}

/**
 * An element holding text or HTML as character data. HTML is escaped like text: a feed's HTML
 * fields carry it as escaped markup, which every reader decodes back to the same HTML.
 */
export function xmlTextElement(
  name: string,
  text: PlainText | SafeHtml | string | EscapedXmlText,
  attributes: Record<string, string | undefined> = {},
): XmlElement {
  return xmlElement(name, attributes, [typeof text === 'string' ? { type: 'text', text } : text]);
}

/** The children of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return (element.elements ?? []).filter(
    (node): node is XmlElement => node.type === 'element' && node.name === name,
  );
}

/** The first child named `name`; throws when there is none, which would mean the generator changed. */
export function childNamed(element: XmlElement, name: string): XmlElement {
  const [child] = childrenNamed(element, name);
  if (!child) throw new Error(`<${element.name}> has no <${name}>`);
  return child;
}

/** Replaces the content of `element` with one text node. */
export function setText(element: XmlElement, text: string): void {
  element.elements = [{ type: 'text', text }];
}

/** A node's character data, escaped; `undefined` for an element. */
function escapedCharacterData(node: XmlNode): string | undefined {
  switch (node.type) {
    case 'escaped':
      return node.xml;
    case 'text':
      return escapeXmlText(String(node.text ?? ''));
    case 'cdata':
      return escapeXmlText(String(node.cdata ?? ''));
    default:
      return undefined;
  }
}

/** Indentation by depth; feeds are a few levels deep. */
const INDENTS = Array.from({ length: 8 }, (_, depth) => '  '.repeat(depth));

function indentOf(depth: number): string {
  return INDENTS[depth] ?? '  '.repeat(depth);
}

/** ` name="value"` for each attribute whose value is not `undefined`, escaped. */
function writtenAttributes(attributes: Record<string, string | number | undefined> | undefined): string {
  let written = '';
  for (const name in attributes) {
    const value = attributes[name];
    if (value !== undefined) written += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return written;
}

/**
 * One element on one line at `depth`, as {@link serialiseXml} writes it: holding `content` (text,
 * or text escaped ahead of time) or, when it is `undefined`, empty (`<name/>`).
 */
export function xmlLine(
  depth: number,
  name: string,
  content: PlainText | SafeHtml | string | EscapedXmlText | undefined,
  attributes?: Record<string, string | undefined>,
): string {
  const start = `${indentOf(depth)}<${name}${writtenAttributes(attributes)}`;
  if (content === undefined) return `${start}/>`;
  const xml = typeof content === 'string' ? escapeXmlText(content) : content.xml;
  return `${start}>${xml}</${name}>`;
}

/**
 * An element at `depth` holding `lines` (written one level deeper by {@link xmlLine} or
 * {@link xmlBlock}), as {@link serialiseXml} writes it; lines that are `undefined`, `false` or empty
 * are left out.
 */
export function xmlBlock(
  depth: number,
  name: string,
  attributes: Record<string, string | undefined> | undefined,
  lines: readonly (string | undefined | false)[],
): string {
  const indent = indentOf(depth);
  // Concatenated, not joined: a join here would copy each item body once more.
  let xml = `${indent}<${name}${writtenAttributes(attributes)}>`;
  for (const line of lines) if (line) xml += `\n${line}`;
  return `${xml}\n${indent}</${name}>`;
}

/** `xml`, an element written by {@link xmlLine} or {@link xmlBlock}, as a node of a tree. */
export function writtenXml(xml: string): WrittenXml {
  return { type: 'written', xml };
}

/**
 * Appends `element` to `out`, line by line. The parts are joined once, at the end: joining at each
 * level would copy every item body once per level of nesting.
 */
function serialiseElement(element: XmlElement, depth: number, out: string[]): void {
  const indent = indentOf(depth);
  const start = `${indent}<${element.name}${writtenAttributes(element.attributes)}`;
  const children = element.elements ?? [];
  if (children.length === 0) {
    out.push(`${start}/>`);
    return;
  }
  if (!children.some((child) => child.type === 'element' || child.type === 'written')) {
    // Character data only: written on one line, every character kept.
    out.push(`${start}>`);
    for (const child of children) out.push(escapedCharacterData(child) ?? '');
    out.push(`</${element.name}>`);
    return;
  }
  if (children.some((child) => (escapedCharacterData(child) ?? '').trim() !== '')) {
    throw new Error(`<${element.name}> mixes text and elements; feeds never do`);
  }
  out.push(`${start}>\n`);
  for (const child of children) {
    if (child.type === 'element') serialiseElement(child, depth + 1, out);
    else if (child.type === 'written') out.push(child.xml);
    else continue;
    out.push('\n');
  }
  out.push(`${indent}</${element.name}>`);
}

/**
 * Writes a document: a UTF-8 declaration, two-space indentation, every text and attribute escaped
 * once with character references. Feeds hold no mixed content, so an element holds either
 * character data or elements; comments and processing instructions are not written.
 */
export function serialiseXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  serialiseElement(root, 0, out);
  out.push('\n');
  return out.join('');
}
