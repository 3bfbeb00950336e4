import { type AnyNode, type Element, isTag } from 'domhandler';
import { textContent } from 'domutils';
import { Parser, parseDocument } from 'htmlparser2';

const VOID_ELEMENTS = new Set(['br', 'hr', 'img']);
/** Elements that hold a run of text of their own: paragraphs, headings, list items, cells. */
const TEXT_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'td', 'th', 'figcaption', 'hr']);

/**
 * True when an HTML parser finds every element the HTML opens closed by the HTML itself: no end
 * implied by a later tag, none left open at the end. Void elements have no end tag to find.
 */
export function closesWhatItOpens(html: string): boolean {
  let open = 0;
  let implied = false;
  const parser = new Parser({
    onopentag: () => {
      open++;
    },
    onclosetag: (name, isImplied) => {
      open--;
      if (isImplied && !VOID_ELEMENTS.has(name)) implied = true;
    },
  });
  parser.write(html);
  const leftOpen = open;
  parser.end();
  return !implied && leftOpen === 0;
}

/** The text of each innermost block (paragraph, heading, list item, cell), in document order. */
export function innermostBlockTexts(html: string): string[] {
  const texts: string[] = [];
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (TEXT_BLOCKS.has(node.name) && !hasBlockInside(node)) texts.push(textContent(node));
      else walk(node.children);
    }
  };
  walk(parseDocument(html).children);
  return texts;
}

function hasBlockInside(element: Element): boolean {
  return element.children.some(
    (child) => isTag(child) && (TEXT_BLOCKS.has(child.name) || hasBlockInside(child)),
  );
}
