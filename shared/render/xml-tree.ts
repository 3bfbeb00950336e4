import { type Element, xml2js } from 'xml-js';
import type { PlainText, SafeHtml } from '../text/markup';
import { stripXmlForbidden } from '../text/xml-safe-text';

/** An XML element in `xml-js`'s non-compact form: what `parseXml` reads and `serialiseXml` writes. */
export type XmlElement = Element & { type: 'element'; name: string };
/** What an element holds. */
export type XmlNode = Element;

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

/** Text as XML character data: it reads back, through any XML parser, as exactly this text. */
export function escapeXmlText(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>\r]/g, (char) => TEXT_REFERENCES[char] ?? char);
}

function escapeXmlAttribute(value: string): string {
  return stripXmlForbidden(value).replace(/[&<>\r"\t\n]/g, (char) => ATTRIBUTE_REFERENCES[char] ?? char);
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
  text: PlainText | SafeHtml | string,
  attributes: Record<string, string | undefined> = {},
): XmlElement {
  return xmlElement(name, attributes, [{ type: 'text', text }]);
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

function characterData(node: XmlNode): string | undefined {
  if (node.type === 'text') return String(node.text ?? '');
  if (node.type === 'cdata') return String(node.cdata ?? '');
  return undefined;
}

function serialiseElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
  const children = element.elements ?? [];
  if (children.length === 0) return `${indent}<${element.name}${attributes}/>`;
  const texts = children.map(characterData);
  if (texts.every((text) => text !== undefined)) {
    // Character data only: written on one line, every character kept.
    return `${indent}<${element.name}${attributes}>${escapeXmlText(texts.join(''))}</${element.name}>`;
  }
  if (texts.some((text) => text !== undefined && text.trim() !== '')) {
    throw new Error(`<${element.name}> mixes text and elements; feeds never do`);
  }
  const inner = children
    .filter((node): node is XmlElement => node.type === 'element')
    .map((child) => serialiseElement(child, depth + 1))
    .join('\n');
  return `${indent}<${element.name}${attributes}>\n${inner}\n${indent}</${element.name}>`;
}

/**
 * Writes a document: a UTF-8 declaration, two-space indentation, every text and attribute escaped
 * once with character references. Feeds hold no mixed content, so an element holds either
 * character data or elements; comments and processing instructions are not written.
 */
export function serialiseXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${serialiseElement(root, 0)}\n`;
}
