import { Parser } from 'htmlparser2';
import { htmlFacts } from './html-facts';

/**
 * Elements only a whole page has: an article fragment never carries its own document or head.
 * (`<title>` is not one: an inline SVG in a fragment may hold one.)
 */
const DOCUMENT_TAGS = new Set(['html', 'head', 'body']);

/** What one streaming pass over partner HTML tells before any tree is built. */
export interface HtmlShape {
  /** The HTML is a whole page (`<!doctype>`, `<html>`, `<head>` or `<body>`), not an article fragment. */
  wholeDocument: boolean;
  /** How many elements the HTML opens: what a DOM of it, and the extractor's passes over it, will cost. */
  elements: number;
}

/**
 * Judges partner HTML by a streaming parse (no tree, no recursion, linear in its length), so a
 * hostile page is measured before anything costly runs on it. The pass {@link htmlFacts} made for
 * the delivery's validation answers, unless it stopped at a depth no valid delivery has.
 */
export function htmlShape(html: string): HtmlShape {
  const facts = htmlFacts(html);
  if (facts.complete) return { wholeDocument: facts.wholeDocument, elements: facts.elements };
  let wholeDocument = false;
  let elements = 0;
  const parser = new Parser({
    onopentagname(name) {
      elements++;
      if (DOCUMENT_TAGS.has(name)) wholeDocument = true;
    },
    // A comment is a node of the page's DOM like an element, and costs the extractor as much.
    oncomment() {
      elements++;
    },
    onprocessinginstruction(name) {
      if (name.toLowerCase() === '!doctype') wholeDocument = true;
    },
  });
  parser.end(html);
  return { wholeDocument, elements };
}

/** Thrown from the parser's callback to stop reading once the answer is known. */
class Found extends Error {}

/**
 * Whether partner HTML is a whole page, by the same rule as {@link htmlShape}, stopping at the
 * first sign of one: a rendered page opens with it, so judging a 5 MiB page reads a few bytes,
 * and only a fragment (which the size rule then refuses) is read to its end, once.
 */
export function isWholeDocument(html: string): boolean {
  const parser = new Parser({
    onopentagname(name) {
      if (DOCUMENT_TAGS.has(name)) throw new Found();
    },
    onprocessinginstruction(name) {
      if (name.toLowerCase() === '!doctype') throw new Found();
    },
  });
  try {
    parser.end(html);
  } catch (error) {
    if (error instanceof Found) return true;
    throw error;
  }
  return false;
}
