import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';
import type { TextDirection } from '../domain/article';
import { ValidationError } from '../errors/http-errors';
import { trimEdgePunctuation } from '../text/edge-punctuation';
import { checkLanguageTag } from '../text/language-tag';
import { countWords } from '../text/word-count';
import { isBlankText, tidyInlineText } from '../text/xml-safe-text';
import { type ArticleNeighbours, markPageBlocks, neighboursOf, type PageBlocks } from './article-neighbours';
import { htmlShape } from './whole-document';

/** A partner's `contentHtml` reduced to the article, with what its page declared about it. */
export interface PageArticle {
  /** The article's HTML, still to be cleaned and sanitised: the fragment as delivered, or what was extracted. */
  html: string;
  /** Whether `html` was extracted from a whole page. */
  extracted: boolean;
  /** The page's `<title>` (or its metadata's), which is never the article's text. */
  pageTitle?: string;
  /** The site's name from the page's metadata. */
  siteName?: string;
  /** A `dir` declared on the article's container or one of its ancestors up to `<html>`. */
  direction?: TextDirection;
  /** The language `<html lang>` (or `<body lang>`) declares, reduced to the language alone. */
  language?: string;
  /**
   * The page's text blocks just outside the extracted article, within its post wrapper: where
   * themes print a dateline or a credit line the extractor leaves behind.
   */
  neighbours?: ArticleNeighbours;
}

/**
 * The most elements a whole page may have. The extractor walks the page a few times and retries
 * with looser rules when it finds too little, so its cost grows with the element count; the
 * largest page of the benchmark corpus has about 1,600, and synthetic pages just under the bound
 * (within 512 KiB) take about a second. (`maxElemsToParse` cannot do this on
 * linkedom: it counts with `getElementsByTagName('*')`, which linkedom answers with none.)
 */
export const MAX_PAGE_ELEMENTS = 20_000;

/**
 * A paragraph this long is article text, not a form's label or note; an article extracted from a
 * page with less than this once cleaned is a caption or a teaser, not the article.
 */
const ARTICLE_PARAGRAPH_WORDS = 20;

/** Containers the search for the article's first block descends through. */
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'HGROUP']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * The part of linkedom's DOM this file uses. The project compiles without the browser's DOM
 * types, so the page is typed by what is asked of it.
 */
interface PageNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
}
interface PageElement extends PageNode {
  tagName: string;
  innerHTML: string;
  childNodes: Iterable<PageNode>;
  firstChild: PageNode | null;
  firstElementChild: PageElement | null;
  parentElement: PageElement | null;
  parentNode: PageElement | null;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  insertBefore(node: PageNode, before: PageNode | null): void;
  append(...nodes: PageNode[]): void;
  prepend(...nodes: PageNode[]): void;
  remove(): void;
}
interface PageDocument {
  title: string;
  body: PageElement | null;
  childNodes: Iterable<PageNode>;
  createElement(name: string): PageElement;
  append(...nodes: PageNode[]): void;
  querySelectorAll(selectors: string): Iterable<PageElement>;
}

const ELEMENT_NODE = 1;
const DOCUMENT_TYPE_NODE = 10;

function refuse(detail: string, message: string, cause?: unknown): ValidationError {
  return new ValidationError({ detail, fieldErrors: [{ pointer: '/data/contentHtml', message }], cause });
}

function comparable(text: string | null | undefined): string {
  return trimEdgePunctuation(tidyInlineText(text ?? '')).toLocaleLowerCase();
}

function declaredDirection(value: string | null | undefined): TextDirection | undefined {
  const dir = value?.trim().toLowerCase();
  return dir === 'rtl' || dir === 'ltr' ? dir : undefined;
}

function declaredLanguage(value: string | null | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  const checked = checkLanguageTag(value.trim());
  return 'language' in checked ? checked.language : undefined;
}

function isElement(node: PageNode, name: string): node is PageElement {
  return node.nodeType === ELEMENT_NODE && node.nodeName === name;
}

/**
 * Gives the page the shape a browser would: one `<html>` holding one `<head>` and one `<body>`
 * with everything else. linkedom keeps the markup's own shape, and answers `document.body` for a
 * page without one (or with content before it) with a new, empty body, where the extractor would
 * find nothing.
 */
function normalisePageStructure(document: PageDocument): { root: PageElement; body: PageElement } {
  const topLevel = [...document.childNodes].filter((node) => node.nodeType !== DOCUMENT_TYPE_NODE);
  const existingRoot = topLevel.find((node) => isElement(node, 'HTML'));
  const root = existingRoot ?? document.createElement('html');
  const rootChildren = [...(existingRoot?.childNodes ?? [])];
  const head = rootChildren.find((node) => isElement(node, 'HEAD')) ?? document.createElement('head');
  const body = rootChildren.find((node) => isElement(node, 'BODY')) ?? document.createElement('body');
  const bodyAt = rootChildren.indexOf(body);
  const before = rootChildren.filter((node, index) => node !== head && (bodyAt === -1 || index < bodyAt));
  const after = bodyAt === -1 ? [] : rootChildren.slice(bodyAt + 1).filter((node) => node !== head);
  const rootAt = existingRoot ? topLevel.indexOf(existingRoot) : topLevel.length;
  // One node at a time: a page may hold tens of thousands of stray nodes, too many to spread into
  // one call, and each insertion into linkedom's linked list costs the same.
  const firstInBody = body.firstChild;
  for (const node of [...topLevel.slice(0, rootAt), ...before]) body.insertBefore(node, firstInBody);
  for (const node of [...after, ...topLevel.slice(rootAt + 1)]) body.append(node);
  root.append(head, body);
  if (!existingRoot) document.append(root);
  return { root, body };
}

/**
 * ASP.NET (and some other CMSs) wrap the whole page in one `<form>`. Forms are chrome to the
 * cleaner, so a form that holds a paragraph of article text is unwrapped first: its content
 * stays, and comment forms (labels and a short note) are still forms.
 */
function unwrapArticleForms(document: PageDocument): void {
  const holding = new Set<PageElement>();
  for (const paragraph of document.querySelectorAll('p')) {
    if (countWords(paragraph.textContent ?? '') < ARTICLE_PARAGRAPH_WORDS) continue;
    for (let node = paragraph.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'FORM') holding.add(node);
    }
  }
  for (const form of holding) {
    const parent = form.parentNode;
    if (!parent) continue;
    while (form.firstChild) parent.insertBefore(form.firstChild, form);
    form.remove();
  }
}

/** The first element of the article that holds text, descending through wrappers. */
function leadingBlock(root: PageElement): PageElement | undefined {
  let container = root;
  for (;;) {
    let next: PageElement | undefined;
    for (const child of container.childNodes) {
      if (isBlankText(child.textContent ?? '')) continue;
      // Text before any element: the article starts with words, not with a block to drop.
      if (child.nodeType !== ELEMENT_NODE) return undefined;
      next = child as PageElement;
      break;
    }
    if (!next) return undefined;
    if (!CONTAINERS.has(next.tagName)) return next;
    container = next;
  }
}

/**
 * Drops what the page prints above the article and the extractor kept: the site's name, and the
 * headline as a heading (our pages print the delivered title themselves).
 */
function dropLeadingTitles(root: PageElement, titles: string[], siteName: string | undefined): void {
  const headlines = new Set(titles.map(comparable).filter(Boolean));
  const site = comparable(siteName);
  for (let dropped = 0; dropped < 3; dropped++) {
    const block = leadingBlock(root);
    if (!block) return;
    const text = comparable(block.textContent);
    const isHeadline = HEADINGS.has(block.tagName) && headlines.has(text);
    if (!isHeadline && !(site && text === site)) return;
    block.remove();
  }
}

/**
 * Reduces `contentHtml` to the article. A fragment is returned as it is; a whole page (a partner's
 * CMS posting the rendered page) goes through Readability on linkedom, and what the page declares
 * (direction, language, title, site name) is kept beside the article's HTML. Refuses, with `422`
 * on `/data/contentHtml`, a page too large to extract in bounded time and a page with no article.
 */
export function articleFromPage(contentHtml: string, title: string): PageArticle {
  const shape = htmlShape(contentHtml);
  if (!shape.wholeDocument) return { html: contentHtml, extracted: false };
  if (shape.elements > MAX_PAGE_ELEMENTS) {
    throw refuse(
      `The page has ${shape.elements} elements; whole pages of more than ${MAX_PAGE_ELEMENTS} are refused, since extracting the article from them takes too long. Send the article alone.`,
      `must not have more than ${MAX_PAGE_ELEMENTS} elements`,
    );
  }
  const document = new DOMParser().parseFromString(contentHtml, 'text/html') as unknown as PageDocument;
  const { root, body } = normalisePageStructure(document);
  const pageTitle = tidyInlineText(document.title) || undefined;
  const pageDirection =
    declaredDirection(body.getAttribute('dir')) ?? declaredDirection(root.getAttribute('dir'));
  const pageLanguage =
    declaredLanguage(root.getAttribute('lang')) ?? declaredLanguage(body.getAttribute('lang'));
  // Readability judges every element but <body> by its class and id, <html> included: a theme's
  // `<html class="header-spacing">` would be removed as a header, with the whole page in it.
  root.removeAttribute('class');
  root.removeAttribute('id');
  unwrapArticleForms(document);

  let article: ReturnType<Readability<PageElement>['parse']>;
  let pageBlocks: PageBlocks;
  try {
    // Recorded before extraction: the extractor drops what it judges chrome, a credit line with it.
    pageBlocks = markPageBlocks(body as never);
    article = new Readability<PageElement>(document as never, {
      // Theme classes (`comment-respond`, `post-navigation`) are how the cleaner knows chrome.
      keepClasses: true,
      serializer: (element) => element as unknown as PageElement,
    }).parse();
  } catch (error) {
    throw refuse(
      'The article could not be extracted from the page.',
      'could not be read as a page with an article',
      error,
    );
  }
  const content = article?.content;
  if (!article || !content || isBlankText(content.textContent ?? '')) {
    throw refuse(
      'The page holds no article that could be extracted: nothing is published rather than a page without its article.',
      'holds no article',
    );
  }
  const siteName = tidyInlineText(article.siteName ?? '') || undefined;
  dropLeadingTitles(content, [title, pageTitle ?? '', article.title ?? ''], siteName);
  const neighbours = neighboursOf(content as never, pageBlocks);
  const outermost = content.firstElementChild;
  return {
    html: content.innerHTML,
    extracted: true,
    pageTitle,
    siteName,
    direction:
      declaredDirection(article.dir) ?? declaredDirection(outermost?.getAttribute('dir')) ?? pageDirection,
    language: pageLanguage,
    neighbours,
  };
}

/**
 * Refuses an article extracted from a whole page whose cleaned text (`bodyText`) is less than a
 * paragraph: the extractor or the cleaner missed the article, and publishing the rest would lose it
 * silently. Fragments are judged as before (only an empty body is refused).
 */
export function assertArticleRemains(page: PageArticle, bodyText: string): void {
  if (!page.extracted || countWords(bodyText) >= ARTICLE_PARAGRAPH_WORDS) return;
  throw refuse(
    `The article extracted from the page has less than a paragraph of text (${ARTICLE_PARAGRAPH_WORDS} words) once site chrome is removed; it is refused rather than published without its body.`,
    'holds less than a paragraph of article text',
  );
}
