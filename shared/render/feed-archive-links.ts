import type { FeedScope } from '../domain/feed-scope';
import type { FeedFormat, SiteUrls } from './site-urls';
import { type XmlElement, xmlElement } from './xml-tree';

/**
 * Where a feed document stands in its archived feed (RFC 5005 §4). The current feed (the
 * subscription document) has no `number` and links `previous`, the newest archive, once there is
 * one; archive document `number` links the archives either side of it, and the current feed.
 */
export interface FeedArchivePlace {
  /** The archive this document is; absent for the current feed. */
  number?: number;
  /** The next older archive. */
  previous?: number;
  /** The next newer archive (archives only; the newest has none). */
  next?: number;
}

/** The feed-history namespace of `fh:archive`. */
export const FEED_HISTORY_NAMESPACE = 'http://purl.org/syndication/history/1.0';

/** Where this document is published: the feed's own URL, or its archive's. */
export function feedDocumentUrl(
  urls: SiteUrls,
  scope: FeedScope,
  place: FeedArchivePlace | undefined,
  format: FeedFormat,
): string {
  return place?.number === undefined
    ? urls.feed(scope, format).url
    : urls.feedArchive(scope, place.number, format).url;
}

/** The RFC 5005 links of a document, in one format: `[rel, href]`. */
function archiveLinks(
  urls: SiteUrls,
  scope: FeedScope,
  place: FeedArchivePlace | undefined,
  format: FeedFormat,
): [string, string][] {
  if (!place) return [];
  const links: [string, string][] = [];
  if (place.number !== undefined) links.push(['current', urls.feed(scope, format).url]);
  if (place.previous !== undefined)
    links.push(['prev-archive', urls.feedArchive(scope, place.previous, format).url]);
  if (place.next !== undefined) links.push(['next-archive', urls.feedArchive(scope, place.next, format).url]);
  return links;
}

/**
 * The RSS channel's or Atom feed's archive elements (RFC 5005 appendix B puts Atom's `link` in the
 * RSS channel): `fh:archive` on an archive document, then its links. `linkName` is `atom:link` in
 * RSS and `link` in Atom.
 */
export function archiveElements(
  urls: SiteUrls,
  scope: FeedScope,
  place: FeedArchivePlace | undefined,
  format: 'rss' | 'atom',
): XmlElement[] {
  const linkName = format === 'rss' ? 'atom:link' : 'link';
  const type = format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
  return [
    ...(place?.number === undefined ? [] : [xmlElement('fh:archive')]),
    ...archiveLinks(urls, scope, place, format).map(([rel, href]) =>
      xmlElement(linkName, { rel, href, type }),
    ),
  ];
}

/**
 * JSON Feed has no archive standard. `next_url` is its pagination ("the next n items"), which is
 * what walking `prev-archive` is, so the current feed and each archive point `next_url` at the
 * next older archive; `_archive`, our extension, carries the RFC 5005 links and marks an archive.
 */
export function jsonArchiveFields(
  urls: SiteUrls,
  scope: FeedScope,
  place: FeedArchivePlace | undefined,
): Record<string, unknown> {
  if (!place) return {};
  const links = Object.fromEntries(
    archiveLinks(urls, scope, place, 'json').map(([rel, href]) => [rel.replace('-', '_'), href]),
  );
  return {
    ...(place.previous === undefined
      ? {}
      : { next_url: urls.feedArchive(scope, place.previous, 'json').url }),
    ...(place.number === undefined && place.previous === undefined
      ? {}
      : {
          _archive: {
            about: 'https://www.rfc-editor.org/rfc/rfc5005#section-4',
            archive: place.number !== undefined,
            ...links,
          },
        }),
  };
}
