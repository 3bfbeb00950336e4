import { Parser } from 'htmlparser2';
import { htmlFacts, MEASURED_DEPTH } from './html-facts';

/** Thrown from the parser's callback to stop measuring. */
class Deeper extends Error {}

/**
 * How deeply elements nest in an HTML fragment, measured by a streaming parse (no tree, no
 * recursion), so a hostile fragment is measured before any recursive step sees it. `Infinity` once
 * it nests deeper than `stopAbove`: the parse stops there, because htmlparser2 keeps its open
 * elements in an array it shifts at the front, so each tag costs as much as the depth and a
 * full measure of 131,072 nested tags (512 KiB of `<b>`) would cost seconds.
 */
export function htmlNestingDepth(html: string, stopAbove = MEASURED_DEPTH): number {
  // The one pass that also gives the cleaning its shape (html-facts.ts) measures up to MEASURED_DEPTH.
  if (stopAbove <= MEASURED_DEPTH) {
    const { depth } = htmlFacts(html);
    return depth > stopAbove ? Number.POSITIVE_INFINITY : depth;
  }
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) throw new Deeper();
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
  });
  try {
    parser.end(html);
  } catch (error) {
    if (error instanceof Deeper) return Number.POSITIVE_INFINITY;
    throw error;
  }
  return deepest;
}
