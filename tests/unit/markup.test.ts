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
