import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Element, xml2js } from 'xml-js';
import {
  escapedXmlText,
  escapeXmlText,
  serialiseXml,
  writtenXml,
  xmlBlock,
  xmlElement,
  xmlLine,
  xmlTextElement,
} from '../../shared/render/xml-tree';
import { stripXmlForbidden } from '../../shared/text/xml-safe-text';
import { hostileText } from '../support/hostile-text';

/** Text mixed with lone and paired surrogates, controls and the characters XML escapes. */
const anyText = fc.oneof(
  hostileText,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom('\uD83D', '\uDE00', '\uD83D\uDE00', '\u0001', '\u0085', '\r', '<', '&', '>', 'a'),
      {
        maxLength: 12,
      },
    )
    .map((pieces) => pieces.join('')),
);

/** The root element of a document, read by a real XML parser (sax, through xml-js). */
function readBack(xml: string): Element {
  const document = xml2js(xml, { compact: false, captureSpacesBetweenElements: true }) as Element;
  const root = document.elements?.find((node) => node.type === 'element');
  if (!root) throw new Error('no root element');
  return root;
}

describe('escapeXmlText', () => {
  it('removes what stripXmlForbidden removes and escapes &, <, > and CR, in one pass', () => {
    const references: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;', '\r': '&#xD;' };
    fc.assert(
      fc.property(anyText, (text) => {
        const expected = stripXmlForbidden(text).replace(/[&<>\r]/g, (char) => references[char] ?? char);
        expect(escapeXmlText(text)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('serialiseXml', () => {
  it('writes text and attributes that read back exactly, less the characters XML forbids', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, attribute) => {
        const root = readBack(serialiseXml(xmlTextElement('a', text, { title: attribute })));
        expect(root.attributes?.title ?? '').toBe(stripXmlForbidden(attribute));
        expect(root.elements?.[0]?.text ?? '').toBe(stripXmlForbidden(text));
      }),
      { numRuns: 300 },
    );
  });

  it('writes text escaped ahead of time as it is, in every document it is given to', () => {
    const shared = escapedXmlText('<p>Q&A ]]> \u0001</p>');
    const rss = serialiseXml(xmlElement('rss', {}, [xmlTextElement('description', shared)]));
    const atom = serialiseXml(xmlElement('feed', {}, [xmlTextElement('content', shared, { type: 'html' })]));
    for (const xml of [rss, atom]) {
      const field = readBack(xml).elements?.find((node) => node.type === 'element');
      expect(field?.elements?.[0]?.text).toBe('<p>Q&A ]]> </p>');
    }
  });

  it('writes an element written straight to text (xmlLine, xmlBlock) as it writes the same element as a tree', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText, { nil: undefined }), (text, attribute, optional) => {
        const asTree = xmlElement('channel', {}, [
          xmlElement('item', { lang: optional }, [
            xmlTextElement('title', text, { type: 'text' }),
            xmlElement('link', { href: attribute, title: optional }),
            xmlElement('author', {}, [xmlTextElement('name', attribute)]),
          ]),
        ]);
        const written = xmlElement('channel', {}, [
          writtenXml(
            xmlBlock(1, 'item', { lang: optional }, [
              xmlLine(2, 'title', text, { type: 'text' }),
              xmlLine(2, 'link', undefined, { href: attribute, title: optional }),
              xmlBlock(2, 'author', {}, [xmlLine(3, 'name', attribute)]),
            ]),
          ),
        ]);
        expect(serialiseXml(written)).toBe(serialiseXml(asTree));
      }),
      { numRuns: 200 },
    );
  });
});
