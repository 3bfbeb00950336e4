import type { ChildNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { articleDocument, renderArticleHtml } from './article-dom';
import { removeNodes } from './remove-nodes';

/**
 * Containers WordPress, Blogger and common theme plugins put around a post that are the site's,
 * not the article's: comment forms and lists, post navigation, share and related-posts boxes.
 * Recognised by their ids, classes and roles, which are the same whatever language the site
 * writes in; the text rules (`chrome-rules.ts`) are the fallback for chrome without them.
 */
const CHROME_IDS = new Set([
  'respond',
  'comments',
  'commentform',
  'reply-title',
  'comment-form',
  'comment-holder',
  'comment-editor',
  'comment-post-message',
  'disqus_thread',
  'jp-relatedposts',
  'jp-post-flair',
  'related-posts',
  'share-buttons',
  'blog-pager',
  'nav-below',
]);
const CHROME_CLASSES = [
  /^comment-(respond|form|list|notes|reply-title|footer)$/,
  /^comments(-area|-title)?$/,
  /^wp-block-(comments|post-comments-form|post-navigation-link)$/,
  /^post-navigation$/,
  /^nav-(links|previous|next)$/,
  /^navigation$/,
  /^(blog-pager|post-footer|post-share-buttons)$/,
  /^(sharedaddy|sd-sharing|sd-block|sd-social.*|addtoany.*|a2a_kit|share|shares|social-share.*|share-buttons?|entry-share.*)$/,
  /^(jp-relatedposts|related-posts?|yarpp-related|crp_related)$/,
];
/** Landmarks that are the site's, never the article's: its navigation, banner, footer and search. */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search']);
/** Elements that are never article text; only these are chrome by tag alone. */
const CHROME_TAGS = new Set([
  'form',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'textarea',
  'select',
  'button',
]);
/** Chrome by tag that is code or an embed: a heading before one ("Watch the video") is the article's. */
const EMBEDS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** A form's or box's title is a few words ("Laisser un commentaire", "دیدگاهتان را بنویسید"). */
const MAX_TITLE_WORDS = 8;

function isChrome(element: Element): boolean {
  if (CHROME_TAGS.has(element.name)) return true;
  if (element.attribs.id && CHROME_IDS.has(element.attribs.id)) return true;
  const role = element.attribs.role?.trim().toLowerCase();
  if (role && CHROME_ROLES.has(role)) return true;
  const classes = (element.attribs.class ?? '').split(/\s+/).filter(Boolean);
  return classes.some((name) => CHROME_CLASSES.some((pattern) => pattern.test(name)));
}

/** The element before `node` among its siblings, past white space; `undefined` past anything else. */
function previousElement(node: ChildNode): Element | undefined {
  let previous = node.prev;
  while (previous && isText(previous) && previous.data.trim().length === 0) previous = previous.prev;
  return previous && isTag(previous) ? previous : undefined;
}

function textLength(element: Element): number {
  let words = 0;
  const pending: ChildNode[] = [element];
  while (pending.length > 0 && words <= MAX_TITLE_WORDS) {
    const node = pending.pop() as ChildNode;
    if (isText(node)) words += node.data.split(/\s+/).filter(Boolean).length;
    else if (isTag(node)) for (const child of node.children) pending.push(child);
  }
  return words;
}

/**
 * The short heading a theme prints right before a comment form, share bar or related-posts box,
 * outside it ("Laisser un commentaire" above `<form class="comment-form">`): the box's title, in
 * whatever language, and chrome with it.
 */
function titleOf(chrome: Element): Element | undefined {
  if (EMBEDS.has(chrome.name)) return undefined;
  const heading = previousElement(chrome);
  if (!heading || !HEADINGS.has(heading.name)) return undefined;
  return textLength(heading) <= MAX_TITLE_WORDS ? heading : undefined;
}

/** The outermost chrome elements, with their titles: nothing inside one needs looking at. */
function outermostChrome(document: Document): Element[] {
  const chrome: Element[] = [];
  const pending: ChildNode[] = document.children.slice();
  while (pending.length > 0) {
    const node = pending.pop() as ChildNode;
    if (!isTag(node)) continue;
    if (isChrome(node)) {
      chrome.push(node);
      const title = titleOf(node);
      if (title && !isChrome(title)) chrome.push(title);
    } else for (const child of node.children) pending.push(child);
  }
  return chrome;
}

/**
 * Removes the partner site's structural chrome from raw HTML, before sanitising drops the
 * classes and ids that identify it. A string is parsed and the result serialised; a document is
 * cleaned in place and returned, for the next step to share.
 */
export function removeStructuralChrome(html: string): string;
export function removeStructuralChrome(document: Document): Document;
export function removeStructuralChrome(markup: string | Document): string | Document {
  const document = articleDocument(markup);
  removeNodes(outermostChrome(document));
  return typeof markup === 'string' ? renderArticleHtml(document) : document;
}
