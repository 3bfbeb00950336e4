import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { htmlNestingDepth } from '../../shared/clean/html-depth';
import { htmlFacts } from '../../shared/clean/html-facts';
import { htmlShape } from '../../shared/clean/whole-document';

/** The two passes as they were before one pass answered both: the answers it must keep. */
function referenceShape(html: string) {
  let wholeDocument = false;
  let elements = 0;
  new Parser({
    onopentagname(name) {
      elements++;
      if (['html', 'head', 'body'].includes(name)) wholeDocument = true;
    },
    oncomment() {
      elements++;
    },
    onprocessinginstruction(name) {
      if (name.toLowerCase() === '!doctype') wholeDocument = true;
    },
  }).end(html);
  return { wholeDocument, elements };
}
function referenceDepth(html: string) {
  let depth = 0;
  let deepest = 0;
  new Parser({
    onopentag() {
      deepest = Math.max(deepest, ++depth);
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
  }).end(html);
  return deepest;
}

const PIECES = [
  '<p>',
  '</p>',
  '<b>',
  '</b>',
  '<br>',
  '<img src=x>',
  '<!-- c -->',
  '<!doctype html>',
  '<html>',
  '<body>',
  '</body>',
  'text',
  '<div class="a">',
  '</div>',
  '<svg><title>t</title></svg>',
  '<',
  '>',
];
const fragments = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));

describe('htmlFacts', () => {
  it('gives the shape and the depth the two separate passes gave', () => {
    fc.assert(
      fc.property(fragments, fragments, (a, b) => {
        // Alternating strings: the answer kept for the last one must never answer another.
        for (const html of [a, b, a]) {
          expect(htmlShape(html)).toEqual(referenceShape(html));
          expect(htmlNestingDepth(html)).toBe(referenceDepth(html));
          expect(htmlNestingDepth(html, 3)).toBe(
            referenceDepth(html) > 3 ? Number.POSITIVE_INFINITY : referenceDepth(html),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('stops at a depth no delivery may have, and the shape is then measured in full', () => {
    const deep = `<html>${'<b>'.repeat(1500)}x`;
    expect(htmlFacts(deep)).toMatchObject({ depth: Number.POSITIVE_INFINITY, complete: false });
    expect(htmlShape(deep)).toEqual(referenceShape(deep));
    expect(htmlNestingDepth(deep, 2000)).toBe(1501);
  });
});
