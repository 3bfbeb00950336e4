import render from 'dom-serializer';
import type { Element } from 'domhandler';
import { findAll, removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';

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

/**
 * Removes the partner site's structural chrome from raw HTML, before sanitising drops the
 * classes and ids that identify it.
 */
export function removeStructuralChrome(html: string): string {
  const document = parseDocument(html);
  for (const element of findAll(isChrome, document.children)) removeElement(element);
  return render(document, { encodeEntities: 'utf8' });
}
