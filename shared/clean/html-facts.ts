import { Parser } from 'htmlparser2';

/**
 * Elements only a whole page has: an article fragment never carries its own document or head.
 * (`<title>` is not one: an inline SVG in a fragment may hold one.)
 */
const DOCUMENT_TAGS = new Set(['html', 'head', 'body']);

/** Deeper than any limit the ingest sets, and shallow enough that measuring to it stays cheap. */
export const MEASURED_DEPTH = 1000;

/** What one streaming pass over partner HTML tells before any tree is built. */
export interface HtmlFacts {
  /** The HTML is a whole page (`<!doctype>`, `<html>`, `<head>` or `<body>`), not an article fragment. */
  wholeDocument: boolean;
  /** How many elements and comments the HTML opens: what a DOM of it, and the extractor's passes over it, will cost. */
  elements: number;
  /** How deeply elements nest; `Infinity` once deeper than {@link MEASURED_DEPTH}, where the pass stopped. */
  depth: number;
  /** Whether the pass read the whole HTML (it stops once elements nest too deep). */
  complete: boolean;
}

/** Thrown from the parser's callback to stop measuring. */
class Deeper extends Error {}

let last: { html: string; facts: HtmlFacts } | undefined;

/**
 * Judges partner HTML by one streaming parse (no tree, no recursion, linear in its length): the
 * delivery's validation asks its depth and the cleaning asks its shape, of the same string, so the
 * answer for the last string asked is kept and a delivery's HTML is read once for both (issue 12).
 * The pass stops once elements nest deeper than {@link MEASURED_DEPTH}: htmlparser2 keeps its open
 * elements in an array it shifts at the front, so each tag costs as much as the depth and a full
 * pass over 131,072 nested tags (512 KiB of `<b>`) would cost seconds.
 */
export function htmlFacts(html: string): HtmlFacts {
  if (last?.html === html) return last.facts;
  let wholeDocument = false;
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentagname(name) {
      elements++;
      if (DOCUMENT_TAGS.has(name)) wholeDocument = true;
    },
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MEASURED_DEPTH) throw new Deeper();
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
    // A comment is a node of the page's DOM like an element, and costs the extractor as much.
    oncomment() {
      elements++;
    },
    onprocessinginstruction(name) {
      if (name.toLowerCase() === '!doctype') wholeDocument = true;
    },
  });
  let facts: HtmlFacts;
  try {
    parser.end(html);
    facts = { wholeDocument, elements, depth: deepest, complete: true };
  } catch (error) {
    if (!(error instanceof Deeper)) throw error;
    facts = { wholeDocument, elements, depth: Number.POSITIVE_INFINITY, complete: false };
  }
  last = { html, facts };
  return facts;
}
