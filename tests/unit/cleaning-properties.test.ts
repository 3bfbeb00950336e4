import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeProvenanceChrome } from '../../shared/clean/provenance-chrome';
import { sanitiseArticleHtml } from '../../shared/clean/sanitise-html';
import { removeStructuralChrome } from '../../shared/clean/structural-chrome';
import { textToHtml } from '../../shared/clean/text-to-html';

const BASE = 'https://partner.example/2024/11/story/';

/** Pieces of hostile markup, mixed with arbitrary text (control characters and lone surrogates included). */
const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt&colon;alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="x.swf"></object>',
  '<embed src="x.swf">',
  '<form action="/steal"><input name=a></form>',
  '<style>body{display:none}</style>',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<math><mtext><script>alert(1)</script></mtext></math>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div onclick="alert(1)">x</div>',
  '<!--<script>alert(1)</script>-->',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<p>\u0000\u0001\u000B\uFFFE\uD800</p>',
  '<h2>heading</h2>',
  '<p>اترك تعليقاً</p>',
);
const html = fc
  .array(fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string()), { maxLength: 12 })
  .map((parts) => parts.join(''));

const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is that none survive
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An executable element, an event handler inside a tag, or a script URL inside an attribute (text may say anything). */
const EXECUTABLE =
  /<(script|iframe|object|embed|form|style|svg|math|base|meta|link)\b|<[^>]*\son[a-z]+\s*=|<[^>]*=\s*["']?\s*(javascript|vbscript|data):/i;

function clean(input: string): string {
  const body = removeProvenanceChrome(removeStructuralChrome(input), {
    partnerNames: ['Partner'],
    carries: [],
    partnerPatterns: [],
  });
  return sanitiseArticleHtml(body.html, BASE);
}

describe('cleaned output (property-based)', () => {
  it('never carries an executable construct or a character XML forbids, from HTML', () => {
    fc.assert(
      fc.property(html, (input) => {
        const output = clean(input);
        expect(output).not.toMatch(EXECUTABLE);
        expect(output).not.toMatch(XML_FORBIDDEN);
      }),
      { numRuns: 500 },
    );
  });

  it('never carries an executable construct or a character XML forbids, from text', () => {
    fc.assert(
      fc.property(html, (input) => {
        const output = sanitiseArticleHtml(textToHtml(input), BASE);
        expect(output).not.toMatch(EXECUTABLE);
        expect(output).not.toMatch(XML_FORBIDDEN);
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: cleaning clean output changes nothing', () => {
    fc.assert(
      fc.property(html, (input) => {
        const once = sanitiseArticleHtml(input, BASE);
        expect(sanitiseArticleHtml(once, BASE)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
