import { tidyInlineText } from '../text/xml-safe-text';

/** One text block of the page next to the extracted article: a dateline or a credit line, perhaps. */
export interface NeighbourBlock {
  /** The block's HTML as the page had it. */
  html: string;
  /** Its tidied text. */
  text: string;
}

/** The blocks just outside the extracted article, within the same post wrapper, nearest first. */
export interface ArticleNeighbours {
  before: NeighbourBlock[];
  after: NeighbourBlock[];
}

/** The part of linkedom's DOM this file uses (the project compiles without the browser's DOM types). */
interface NeighbourElement {
  nodeType: number;
  tagName: string;
  outerHTML: string;
  textContent: string | null;
  childNodes: Iterable<{ nodeType: number; textContent: string | null }>;
  children: Iterable<NeighbourElement>;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  querySelectorAll(selectors: string): Iterable<NeighbourElement>;
}

/** Marks a block on the page so it is found again in whatever the extractor returns. */
const MARKER = 'data-syndication-block';
/** Datelines and credit lines sit right next to the article: a few blocks either side are enough. */
const NEIGHBOURS_PER_SIDE = 3;
const TEXT_NODE = 3;

/** Blocks of text: one of these holds a line of its own, whatever is inside it. */
const TEXT_BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'LI',
  'DT',
  'DD',
  'FIGCAPTION',
]);
/** Containers, which are a block of their own only when they hold text directly. */
const CONTAINERS = new Set([
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'SPAN',
  'CENTER',
  'TD',
]);
/** What never holds a line of article text. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'NAV',
  'FORM',
  'SELECT',
  'TEXTAREA',
  'HEAD',
]);
/**
 * The post wrappers of WordPress (`article.post.hentry`, `.type-post`), Blogger (`.post-outer`,
 * `.post`) and news sites (`article`, `main`): a dateline or credit line belongs to the article
 * only within the same one.
 */
const WRAPPER_TAGS = new Set(['ARTICLE', 'MAIN']);
const WRAPPER_CLASSES = new Set(['hentry', 'post', 'type-post', 'post-outer', 'blog-post', 'single-post']);

function isWrapper(element: NeighbourElement): boolean {
  if (WRAPPER_TAGS.has(element.tagName)) return true;
  // `getAttribute`, not `className`: an SVG element's `className` is no string.
  return (element.getAttribute('class') ?? '').split(' ').some((name) => WRAPPER_CLASSES.has(name));
}

function holdsTextDirectly(element: NeighbourElement): boolean {
  for (const child of element.childNodes) {
    if (child.nodeType === TEXT_NODE && (child.textContent ?? '').trim().length > 0) return true;
  }
  return false;
}

/** The page's text blocks in document order, each with the post wrapper it sits in. */
export interface PageBlocks {
  blocks: NeighbourBlock[];
  /** Per block, a number naming its nearest post wrapper (0: none but the body). */
  wrappers: number[];
}

/**
 * Records the page's text blocks before the extractor moves and drops nodes, and marks each with
 * its index, a mark the extractor keeps on what it returns. One walk with an explicit stack: a
 * block is not descended into, so the blocks' HTML adds up to the page's at most.
 */
export function markPageBlocks(body: NeighbourElement): PageBlocks {
  const blocks: NeighbourBlock[] = [];
  const wrappers: number[] = [];
  let wrapperCount = 0;
  const pending: { element: NeighbourElement; wrapper: number }[] = [];
  const pushChildren = (element: NeighbourElement, wrapper: number) => {
    const children = [...element.children];
    for (let index = children.length - 1; index >= 0; index--) {
      pending.push({ element: children[index] as NeighbourElement, wrapper });
    }
  };
  pushChildren(body, 0);
  while (pending.length > 0) {
    const { element, wrapper: outer } = pending.pop() as { element: NeighbourElement; wrapper: number };
    if (SKIPPED.has(element.tagName)) continue;
    const wrapper = isWrapper(element) ? ++wrapperCount : outer;
    const isBlock =
      TEXT_BLOCKS.has(element.tagName) || (CONTAINERS.has(element.tagName) && holdsTextDirectly(element));
    if (!isBlock) {
      pushChildren(element, wrapper);
      continue;
    }
    const text = tidyInlineText(element.textContent ?? '');
    if (text.length === 0) continue;
    blocks.push({ html: element.outerHTML, text });
    wrappers.push(wrapper);
    element.setAttribute(MARKER, String(blocks.length - 1));
  }
  return { blocks, wrappers };
}

/**
 * The blocks just before and just after what the extractor kept (`content`), within the post
 * wrapper of its first and last block; the marks are removed from `content`.
 */
export function neighboursOf(content: NeighbourElement, page: PageBlocks): ArticleNeighbours {
  let first = Number.POSITIVE_INFINITY;
  let last = -1;
  for (const element of content.querySelectorAll(`[${MARKER}]`)) {
    const index = Number(element.getAttribute(MARKER));
    element.removeAttribute(MARKER);
    if (!Number.isInteger(index)) continue;
    first = Math.min(first, index);
    last = Math.max(last, index);
  }
  if (last === -1) return { before: [], after: [] };
  const before: NeighbourBlock[] = [];
  for (let index = first - 1; index >= 0 && before.length < NEIGHBOURS_PER_SIDE; index--) {
    if (page.wrappers[index] !== page.wrappers[first]) break;
    before.push(page.blocks[index] as NeighbourBlock);
  }
  const after: NeighbourBlock[] = [];
  for (let index = last + 1; index < page.blocks.length && after.length < NEIGHBOURS_PER_SIDE; index++) {
    if (page.wrappers[index] !== page.wrappers[last]) break;
    after.push(page.blocks[index] as NeighbourBlock);
  }
  return { before, after };
}
