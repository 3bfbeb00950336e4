import type { ChildNode, Document, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { articleDocument, renderArticleHtml } from './article-dom';
import { removeNodes } from './remove-nodes';

/**
 * Containers WordPress themes and common plugins put around a post that are the site's, not the
 * article's: comment forms and lists, post navigation, share and related-posts boxes.
 */
const CHROME_IDS = new Set([
  'respond',
  'comments',
  'commentform',
  'reply-title',
  'jp-relatedposts',
  'share-buttons',
]);
const CHROME_CLASSES = [
  /^comment-(respond|form|list|notes|reply-title)$/,
  /^comments-area$/,
  /^post-navigation$/,
  /^nav-(links|previous|next)$/,
  /^navigation$/,
  /^(sharedaddy|sd-sharing|sd-block|sd-social.*|addtoany.*|a2a_kit|share|shares|social-share.*|share-buttons?|entry-share.*)$/,
  /^(jp-relatedposts|related-posts?|yarpp-related)$/,
];
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

function isChrome(element: Element): boolean {
  if (CHROME_TAGS.has(element.name)) return true;
  if (element.attribs.id && CHROME_IDS.has(element.attribs.id)) return true;
  const classes = (element.attribs.class ?? '').split(/\s+/).filter(Boolean);
  return classes.some((name) => CHROME_CLASSES.some((pattern) => pattern.test(name)));
}

/** The outermost chrome elements: nothing inside one needs looking at, it goes with it. */
function outermostChrome(document: Document): Element[] {
  const chrome: Element[] = [];
  const pending: ChildNode[] = document.children.slice();
  while (pending.length > 0) {
    const node = pending.pop() as ChildNode;
    if (!isTag(node)) continue;
    if (isChrome(node)) chrome.push(node);
    else for (const child of node.children) pending.push(child);
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
