import { normaliseText, tidyInlineText } from './xml-safe-text';

declare const plainTextBrand: unique symbol;
declare const safeHtmlBrand: unique symbol;

/**
 * Text as a reader reads it: no markup and no entities (`Q&A` is three characters), XML-safe and
 * NFC-normalised. It is escaped exactly once, where it enters HTML or XML.
 */
export type PlainText = string & { readonly [plainTextBrand]: true };

/**
 * HTML that may be embedded as it is: the sanitiser's output, text escaped once, or a template of
 * such parts. Nothing else may produce it, so the compiler refuses text where HTML is expected.
 */
export type SafeHtml = string & { readonly [safeHtmlBrand]: true };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Any string as text: characters XML forbids removed, NFC. Entities are not decoded: they are text. */
export function plainText(value: string): PlainText {
  return normaliseText(value) as PlainText;
}

/**
 * Text on one line, as titles, names and summaries are stored: normalised, runs of white space
 * folded to one space, trimmed. Entities are not decoded: they are text.
 */
export function inlineText(value: string): PlainText {
  return tidyInlineText(value) as PlainText;
}

/**
 * Text escaped for HTML element content and quoted attributes. This is the one place text becomes
 * HTML; `html` templates call it for every value that is not already `SafeHtml`.
 */
export function escapeText(text: PlainText | string): SafeHtml {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char) as SafeHtml;
}

/**
 * Marks a string as safe HTML. Only for the sanitiser's output and for HTML read back from our own
 * store, which was sanitised before it was written: never for anything a partner sent.
 */
export function trustedHtml(value: string): SafeHtml {
  return value as SafeHtml;
}

/**
 * A `<script type="application/ld+json">` element holding `value`. `<` and the JavaScript line
 * separators are escaped inside the JSON strings, so no text can close the element or break out.
 */
export function jsonLdScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/ld+json">${json}</script>` as SafeHtml;
}

/** A `SafeHtml` value to be placed in an `html` template as it is; made only by `raw`. */
export interface RawHtml {
  readonly safeHtml: SafeHtml;
}

/** Places HTML in an `html` template unescaped. It takes `SafeHtml` only, so text cannot pass. */
export function raw(value: SafeHtml): RawHtml {
  return { safeHtml: value };
}

/** What an `html` template interpolates: text and numbers are escaped, `raw(…)` is kept. */
export type HtmlValue = RawHtml | string | number | false | null | undefined | readonly HtmlValue[];

/**
 * Each value's type, or `never` for a bare `SafeHtml`: escaping it again would show its markup as
 * text, so the compiler asks for `raw(…)` instead.
 */
type Checked<V extends readonly unknown[]> = {
  [K in keyof V]: V[K] extends SafeHtml ? never : V[K] extends HtmlValue ? V[K] : never;
};

function interpolate(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeText(value);
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return (value as RawHtml).safeHtml;
}

/**
 * A tagged template for HTML: every interpolated string is escaped, so text is escaped exactly
 * once whichever way it reaches a page; HTML goes in only as `raw(safeHtml)`.
 */
export function html<const V extends readonly HtmlValue[]>(
  strings: TemplateStringsArray,
  ...values: Checked<V>
): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += interpolate(value as HtmlValue) + (strings[index + 1] ?? '');
  });
  return out as SafeHtml;
}
