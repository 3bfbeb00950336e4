import { textContent } from 'domutils';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { escapeText, html, plainText, raw } from '../../shared/text/markup';

describe('html templates', () => {
  it('escapes text once and keeps raw HTML as it is', () => {
    const title = plainText('Q&A <script>alert(1)</script> "quoted"');
    const body = escapeText('a < b');
    expect(html`<h1 title="${title}">${title}</h1>${raw(body)}`).toBe(
      '<h1 title="Q&amp;A &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;">Q&amp;A &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;</h1>a &lt; b',
    );
  });

  it('joins lists and leaves out false, null and undefined', () => {
    expect(html`<ul>${['<a>', raw(html`<li>${'&'}</li>`)]}${false}${null}${undefined}${3}</ul>`).toBe(
      '<ul>&lt;a&gt;<li>&amp;</li>3</ul>',
    );
  });

  it('gives back, as a browser parses it, exactly the text it was given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const text = plainText(value);
        const document = parseDocument(html`<p title="${text}">${text}</p>`);
        const paragraph = document.children[0] as Parameters<typeof textContent>[0] & {
          attribs: Record<string, string>;
        };
        expect(textContent(paragraph)).toBe(text);
        expect(paragraph.attribs.title).toBe(text);
      }),
    );
  });
});

describe('what the compiler refuses', () => {
  it('takes HTML into a template only through raw(), and never text as HTML', () => {
    const text = plainText('<b>bold</b>');
    const safe = escapeText(text);
    // @ts-expect-error a bare SafeHtml would be escaped again: the compiler asks for raw()
    const escapedTwice = html`<p>${safe}</p>`;
    // @ts-expect-error text is not HTML, so raw() refuses it
    const unescaped = () => raw(text);
    // @ts-expect-error a plain string is not SafeHtml
    const notSafe: ReturnType<typeof escapeText> = '<b>';
    // At run time the mistakes above stay safe: the bare SafeHtml is escaped once more, never executed.
    expect(escapedTwice).toBe('<p>&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;</p>');
    expect(typeof unescaped).toBe('function');
    expect(notSafe).toBe('<b>');
  });
});
