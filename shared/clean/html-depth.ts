import { Parser } from 'htmlparser2';

/**
 * How deeply elements nest in an HTML fragment, measured by a streaming parse (no tree, no
 * recursion), so a hostile fragment is measured before any recursive step sees it.
 */
export function htmlNestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
  });
  parser.end(html);
  return deepest;
}
