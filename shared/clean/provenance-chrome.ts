import type { ChildNode, Text } from 'domhandler';
import { isTag, isText } from 'domhandler';
import type { CarriedPublisher } from '../config/partner-registry-schema';
import { trimEdgePunctuation } from '../text/edge-punctuation';
import { plainText } from '../text/markup';
import { isBlankText, tidyInlineText } from '../text/xml-safe-text';
import { type ArticleMarkup, articleDocument, renderArticleHtml } from './article-dom';
import type { ArticleNeighbours } from './article-neighbours';
import { type ChromeKind, chromeKindOf } from './chrome-rules';
import { textOf } from './dom-text';
import { removeNodes } from './remove-nodes';
import { type TextBlock, textBlockHtml } from './text-to-html';

/** What the partner registry tells the cleaner about one partner. */
export interface ProvenanceHints {
  /** Names the partner's dateline may use: its name and aliases. */
  partnerNames: string[];
  /** The publishers the partner may republish, recognised in a closing credit line. */
  carries: CarriedPublisher[];
  /** The registry's extra chrome patterns for this partner. */
  partnerPatterns: RegExp[];
}

/** The body without the partner's chrome, and what the chrome said about provenance. */
export interface CleanedBody {
  html: string;
  /** The republishing network a stripped dateline named. */
  via?: string;
  /** The carried publisher a stripped closing credit line named. */
  credit?: CarriedPublisher;
  removed: ChromeKind[];
}

const CONTAINER_TAGS = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'center',
]);
/** A paragraph this long is article text; site chrome comes before the first or after the last. */
const ARTICLE_PARAGRAPH_WORDS = 20;
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'figure',
  'table',
  'pre',
  'hr',
  'nav',
  'aside',
  'header',
  'footer',
]);
const CREDIT_PREFIX =
  /^(المصدر|مصدر|نقلا عن|نقلاً عن|عن|Source|Courtesy of|Originally published by|First published by|Via)\s*[:：]?\s*/iu;
/** Separators WordPress datelines put between the network's name and the story: "…_", " - ", ": ". */
const DATELINE_SEPARATOR = '[\\s\\u00A0]*[…\\.\\-–—_:|/]+[\\s\\u00A0_]*';

function comparable(text: string): string {
  return trimEdgePunctuation(tidyInlineText(text)).toLocaleLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One block of the body: its nodes, siblings under one parent, and their tidied text. */
interface Block {
  nodes: ChildNode[];
  text: string;
}

/**
 * Top-level nodes grouped into blocks: a block element alone, consecutive inline content together.
 * A wrapper (a theme's `<div class="entry-content">`) is not a block: its children are. Walked
 * with an explicit stack, so neither depth nor the number of siblings costs call stack.
 */
function blocksOf(nodes: ChildNode[]): Block[] {
  const blocks: Block[] = [];
  let inline: ChildNode[] = [];
  const add = (block: ChildNode[]) => {
    const text = tidyInlineText(textOf(block));
    if (text.length > 0 || block.some((node) => isTag(node))) blocks.push({ nodes: block, text });
  };
  const flush = () => {
    if (inline.length > 0) add(inline);
    inline = [];
  };
  const levels: { nodes: ChildNode[]; next: number }[] = [{ nodes, next: 0 }];
  while (levels.length > 0) {
    const level = levels[levels.length - 1] as { nodes: ChildNode[]; next: number };
    const node = level.nodes[level.next++];
    if (node === undefined) {
      flush();
      levels.pop();
    } else if (isTag(node) && CONTAINER_TAGS.has(node.name)) {
      flush();
      levels.push({ nodes: node.children, next: 0 });
    } else if (isTag(node) && BLOCK_TAGS.has(node.name)) {
      flush();
      add([node]);
    } else {
      inline.push(node);
    }
  }
  return blocks;
}

/** A credit line names a publisher in a few words; anything longer is article text. */
const MAX_CREDIT_LINE_WORDS = 12;
const MAX_CREDIT_LINE_CHARS = 300;

function matchCredit(text: string, carries: CarriedPublisher[]): CarriedPublisher | undefined {
  const tidy = tidyInlineText(text);
  if (tidy.length === 0 || tidy.length > MAX_CREDIT_LINE_CHARS) return undefined;
  if (tidy.split(' ', MAX_CREDIT_LINE_WORDS + 1).length > MAX_CREDIT_LINE_WORDS) return undefined;
  const candidate = comparable(trimEdgePunctuation(tidy).replace(CREDIT_PREFIX, ''));
  return carries.find((publisher) =>
    [publisher.name, ...publisher.aliases].some((name) => comparable(name) === candidate),
  );
}

/** The text after a leading dateline naming the partner, or `undefined` when there is none. */
function afterDateline(text: string, names: string[]): string | undefined {
  for (const name of names) {
    const match = datelinePattern(name).exec(text);
    if (match) return text.slice(match[0].length);
  }
  return undefined;
}

/** The first text node with more than white space, in document order. */
function firstText(nodes: ChildNode[]): Text | undefined {
  const pending = nodes.slice().reverse();
  while (pending.length > 0) {
    const node = pending.pop() as ChildNode;
    if (isText(node) && node.data.trim().length > 0) return node;
    if (isTag(node)) {
      for (let index = node.children.length - 1; index >= 0; index--) {
        pending.push(node.children[index] as ChildNode);
      }
    }
  }
  return undefined;
}

/** What the blocks' text says: which blocks go, what they were, and the credit line's publisher. */
interface Verdict {
  /** Per block, whether it is chrome or the credit line, and leaves the body. */
  leaves: boolean[];
  removed: ChromeKind[];
  credit?: CarriedPublisher;
  /** The first block that stays, where a dateline would be; -1 when none stays. */
  firstKept: number;
}

/** Whether tidied text has at least {@link ARTICLE_PARAGRAPH_WORDS} words; counted, as every block is asked. */
function isArticleParagraph(text: string): boolean {
  let words = 1;
  for (let space = text.indexOf(' '); space !== -1; space = text.indexOf(' ', space + 1)) {
    if (++words >= ARTICLE_PARAGRAPH_WORDS) return true;
  }
  return false;
}

/** A leading dateline naming `name` (a partner name from the registry) and its separator. */
export function datelinePattern(name: string): RegExp {
  const words = tidyInlineText(name).split(' ').map(escapeRegExp).join('[\\s\\u00A0]+');
  return new RegExp(`^[\\s\\u00A0]*${words}${DATELINE_SEPARATOR}`, 'u');
}

function judgeBlocks(texts: readonly string[], hints: ProvenanceHints): Verdict {
  const removed: ChromeKind[] = [];
  const firstParagraph = texts.findIndex(isArticleParagraph);
  const lastParagraph = texts.findLastIndex(isArticleParagraph);
  const leaves = texts.map((text, index) => {
    // Themes print their chrome around the article, not inside it: between the first and the last
    // paragraph only the partner's own patterns apply, so a sentence that starts like a
    // "Next article" link is never taken for one.
    const inside = firstParagraph !== -1 && index > firstParagraph && index < lastParagraph;
    const kind = chromeKindOf(text, hints.partnerPatterns, inside ? 'partner-only' : 'all');
    if (kind) removed.push(kind);
    return kind !== undefined;
  });

  // The credit line is the last block with text; an image or rule after it does not hide it.
  let credit: CarriedPublisher | undefined;
  const lastText = texts.findLastIndex((text, index) => !leaves[index] && text.length > 0);
  if (lastText !== -1) {
    credit = matchCredit(texts[lastText] as string, hints.carries);
    if (credit) leaves[lastText] = true;
  }
  return { leaves, removed, credit, firstKept: leaves.indexOf(false) };
}

/**
 * Removes, by what the text says, the chrome that survives in the body (comment-form notes,
 * "Previous post" links, share prompts, the partner's own patterns), then takes a leading
 * dateline naming the partner and a closing credit line naming a publisher it carries out of the
 * body and into the attribution. A document is cleaned in place, and serialised once.
 */
export function removeProvenanceChrome(markup: ArticleMarkup, hints: ProvenanceHints): CleanedBody {
  const document = articleDocument(markup);
  const blocks = blocksOf(document.children);
  const { leaves, removed, credit, firstKept } = judgeBlocks(
    blocks.map((block) => block.text),
    hints,
  );

  let via: string | undefined;
  const dateline = firstKept === -1 ? undefined : firstText((blocks[firstKept] as Block).nodes);
  const rest = dateline && afterDateline(dateline.data, hints.partnerNames);
  if (dateline && rest !== undefined) {
    dateline.data = rest;
    via = hints.partnerNames[0];
  }

  // Every removal at once, each parent's children rebuilt once however many go. After the
  // dateline, because text left side by side is joined and the dateline's node must stay put.
  removeNodes(blocks.filter((_, index) => leaves[index]).flatMap((block) => block.nodes));
  return { html: renderArticleHtml(document).trim(), via, credit, removed };
}

/**
 * The same cleaning for captured text, whose lines are its blocks already: nothing to parse, and
 * the HTML is what {@link textToHtml} makes of the lines that stay.
 */
export function removeProvenanceChromeFromText(
  blocks: readonly TextBlock[],
  hints: ProvenanceHints,
): CleanedBody {
  const { leaves, removed, credit, firstKept } = judgeBlocks(
    blocks.map((block) => block.text),
    hints,
  );
  let via: string | undefined;
  const first = blocks[firstKept];
  const rest = first && afterDateline(first.text, hints.partnerNames);
  if (rest !== undefined) via = hints.partnerNames[0];
  // The line breaks between blocks stay where a block left, as they do when chrome leaves a document.
  const html = blocks
    .map((block, index) => {
      const separator = index > 0 ? '\n' : '';
      if (leaves[index]) return separator;
      return (
        separator +
        textBlockHtml(index === firstKept && rest !== undefined ? { ...block, text: plainText(rest) } : block)
      );
    })
    .join('')
    .trim();
  return { html, via, credit, removed };
}

/** The article extracted from a page with the provenance found beside it. */
export interface ArticleWithProvenance {
  /** The article's HTML, with a neighbouring dateline or credit line added for cleaning to take out. */
  html: string;
  /** The partner's name, when a dateline beside the article named it and held nothing else. */
  via?: string;
}

/**
 * Brings back the dateline and credit line a theme prints just outside the article, which the
 * extractor leaves behind: the nearest block before it that is a dateline naming the partner, and
 * the nearest block after it that is a credit line naming a carried publisher. Only these are
 * taken, so the page's other blocks (a menu, a caption) never reach the body; cleaning then takes
 * them out into the attribution as it does inside the article.
 */
export function withProvenanceAround(
  html: string,
  neighbours: ArticleNeighbours | undefined,
  hints: ProvenanceHints,
): ArticleWithProvenance {
  if (!neighbours) return { html };
  let before = '';
  let via: string | undefined;
  for (const block of neighbours.before) {
    const rest = afterDateline(block.text, hints.partnerNames);
    if (rest === undefined) continue;
    // A dateline alone says who delivered it and no more; one that runs on into the lead keeps it.
    if (isBlankText(rest)) via = hints.partnerNames[0];
    else before = block.html;
    break;
  }
  const credit = neighbours.after.find((block) => matchCredit(block.text, hints.carries) !== undefined);
  return { html: `${before}${html}${credit?.html ?? ''}`, via };
}
