import render from 'dom-serializer';
import type { AnyNode, Text } from 'domhandler';
import { isTag, isText, removeElement, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { CarriedPublisher } from '../config/partner-registry-schema';
import { trimEdgePunctuation } from '../text/edge-punctuation';
import { tidyInlineText } from '../text/xml-safe-text';
import { type ChromeKind, chromeKindOf } from './chrome-rules';

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

/** Top-level nodes grouped into blocks: a block element alone, consecutive inline content together. */
function blocksOf(nodes: AnyNode[]): AnyNode[][] {
  const blocks: AnyNode[][] = [];
  let inline: AnyNode[] = [];
  const flush = () => {
    if (inline.length > 0) blocks.push(inline);
    inline = [];
  };
  for (const node of nodes) {
    if (isTag(node) && CONTAINER_TAGS.has(node.name)) {
      // A wrapper (a theme's <div class="entry-content">) is not a block: its children are.
      flush();
      blocks.push(...blocksOf(node.children));
    } else if (isTag(node) && BLOCK_TAGS.has(node.name)) {
      flush();
      blocks.push([node]);
    } else {
      inline.push(node);
    }
  }
  flush();
  return blocks.filter(
    (block) => tidyInlineText(textContent(block)).length > 0 || block.some((node) => isTag(node)),
  );
}

function matchCredit(text: string, carries: CarriedPublisher[]): CarriedPublisher | undefined {
  const tidy = tidyInlineText(text);
  if (tidy.length === 0 || tidy.split(' ').length > 12) return undefined;
  const candidate = comparable(trimEdgePunctuation(tidy).replace(CREDIT_PREFIX, ''));
  return carries.find((publisher) =>
    [publisher.name, ...publisher.aliases].some((name) => comparable(name) === candidate),
  );
}

function stripDateline(block: AnyNode[], names: string[]): boolean {
  const first = firstText(block);
  if (!first) return false;
  for (const name of names) {
    const match = datelinePattern(name).exec(first.data);
    if (match) {
      first.data = first.data.slice(match[0].length);
      return true;
    }
  }
  return false;
}

/** A leading dateline naming `name` (a partner name from the registry) and its separator. */
export function datelinePattern(name: string): RegExp {
  const words = tidyInlineText(name).split(' ').map(escapeRegExp).join('[\\s\\u00A0]+');
  return new RegExp(`^[\\s\\u00A0]*${words}${DATELINE_SEPARATOR}`, 'u');
}

function firstText(nodes: AnyNode[]): Text | undefined {
  for (const node of nodes) {
    if (isText(node) && node.data.trim().length > 0) return node;
    if (isTag(node)) {
      const inner = firstText(node.children);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Removes, by what the text says, the chrome that survives in the body (comment-form notes,
 * "Previous post" links, share prompts, the partner's own patterns), then takes a leading
 * dateline naming the partner and a closing credit line naming a publisher it carries out of the
 * body and into the attribution.
 */
export function removeProvenanceChrome(html: string, hints: ProvenanceHints): CleanedBody {
  const document = parseDocument(html);
  const removed: ChromeKind[] = [];
  const kept: AnyNode[][] = [];
  const blocks = blocksOf(document.children);
  const texts = blocks.map((block) => tidyInlineText(textContent(block)));
  const isArticleParagraph = (text: string) => text.split(' ').length >= ARTICLE_PARAGRAPH_WORDS;
  const firstParagraph = texts.findIndex(isArticleParagraph);
  const lastParagraph = texts.findLastIndex(isArticleParagraph);
  for (const [index, block] of blocks.entries()) {
    // Themes print their chrome around the article, not inside it: between the first and the last
    // paragraph only the partner's own patterns apply, so a sentence that starts like a
    // "Next article" link is never taken for one.
    const inside = firstParagraph !== -1 && index > firstParagraph && index < lastParagraph;
    const kind = chromeKindOf(texts[index] ?? '', hints.partnerPatterns, inside ? 'partner-only' : 'all');
    if (kind) {
      removed.push(kind);
      for (const node of block) removeElement(node);
    } else {
      kept.push(block);
    }
  }

  // The credit line is the last block with text; an image or rule after it does not hide it.
  let credit: CarriedPublisher | undefined;
  const lastText = kept.findLastIndex((block) => tidyInlineText(textContent(block)).length > 0);
  const last = kept[lastText];
  if (last) {
    credit = matchCredit(textContent(last), hints.carries);
    if (credit) {
      for (const node of last) removeElement(node);
      kept.splice(lastText, 1);
    }
  }

  let via: string | undefined;
  const first = kept[0];
  if (first && stripDateline(first, hints.partnerNames)) via = hints.partnerNames[0];

  return { html: render(document, { encodeEntities: 'utf8' }).trim(), via, credit, removed };
}
