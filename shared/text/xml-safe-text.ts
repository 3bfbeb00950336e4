/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF)
 * and the C1 controls it discourages. None of them may reach a feed or a page.
 */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Any character {@link XML_FORBIDDEN} could match, surrogates paired or not. Almost no text holds
 * one, and this class scans far faster than the pattern with its lookarounds: text without one is
 * returned as it is, without a pass of the replacement (every article is tidied block by block).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const MAYBE_XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Any code unit from U+0300 up (surrogates, so every character beyond the BMP, included). Text
 * below it (Latin, its Latin-1 and Latin Extended letters precomposed) is in NFC already, as no
 * character there decomposes or combines with its neighbour: normalising it would return an equal
 * string, after copying it.
 */
const MAYBE_NOT_NFC = /[\u0300-\uFFFF]/;

/** Removes every character XML 1.0 forbids or discourages. */
export function stripXmlForbidden(text: string): string {
  return MAYBE_XML_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, '') : text;
}

/** XML-safe, NFC-normalised text: the form every stored string takes. */
export function normaliseText(text: string): string {
  const safe = stripXmlForbidden(text);
  return MAYBE_NOT_NFC.test(safe) ? safe.normalize('NFC') : safe;
}

/** White space as {@link tidyInlineText} folds it: JavaScript's, NBSP and the typographic spaces. */
const INLINE_SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
/** A character {@link tidyInlineText} keeps, unless XML forbids it. */
const NOT_INLINE_SPACE = /[^\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/;

/** Normalised text with runs of white space (NBSP included) folded to one space and trimmed. */
export function tidyInlineText(text: string): string {
  return normaliseText(text).replace(INLINE_SPACE, ' ').trim();
}

/**
 * Whether {@link tidyInlineText} would leave nothing of `text`, asked without tidying it: an article's
 * whole body is judged so, and the answer is usually its first character.
 */
export function isBlankText(text: string): boolean {
  return !NOT_INLINE_SPACE.test(stripXmlForbidden(text));
}
