/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF)
 * and the C1 controls it discourages. None of them may reach a feed or a page.
 */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes every character XML 1.0 forbids or discourages. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/** XML-safe, NFC-normalised text: the form every stored string takes. */
export function normaliseText(text: string): string {
  return stripXmlForbidden(text).normalize('NFC');
}

/** Normalised text with runs of white space (NBSP included) folded to one space and trimmed. */
export function tidyInlineText(text: string): string {
  return normaliseText(text)
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}
