import { type XmlElement, xmlElement } from './xml-tree';

/** The JSON Feed 1.1 `hubs` member: one `{ type: "WebSub", url }` per hub, left out when there is none. */
export interface JsonFeedHubs {
  hubs?: { type: 'WebSub'; url: string }[];
}

/**
 * The `rel="hub"` links of a feed (WebSub §4, discovery), one per hub, in the order configured:
 * `atom:link` in RSS, `link` in Atom. A feed declares them beside its `rel="self"` link, the topic URL
 * the publishers notify the hubs of.
 */
export function hubLinks(element: 'atom:link' | 'link', hubs: readonly string[] = []): XmlElement[] {
  return hubs.map((href) => xmlElement(element, { rel: 'hub', href }));
}

/** The hubs of a JSON Feed document, whose `feed_url` is its topic URL. */
export function jsonFeedHubs(hubs: readonly string[] = []): JsonFeedHubs {
  return hubs.length === 0 ? {} : { hubs: hubs.map((url) => ({ type: 'WebSub', url })) };
}

/** `links` placed right after `parent`'s first child named `name` (its self link), else at its end. */
export function insertAfterSelfLink(parent: XmlElement, name: string, links: XmlElement[]): void {
  if (links.length === 0) return;
  const children = parent.elements ?? [];
  const self = children.findIndex(
    (node) => node.type === 'element' && node.name === name && node.attributes?.rel === 'self',
  );
  children.splice(self === -1 ? children.length : self + 1, 0, ...links);
  parent.elements = children;
}
