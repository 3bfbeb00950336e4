import { Feed } from 'feed';
import type { Article, ArticleContent, Author } from '../domain/article';
import { type FeedScope, scopeId } from '../domain/feed-scope';
import { escapeText, type SafeHtml } from '../text/markup';
import {
  archiveElements,
  FEED_HISTORY_NAMESPACE,
  type FeedArchivePlace,
  feedDocumentUrl,
  jsonArchiveFields,
} from './feed-archive-links';
import { DEFAULT_FEED_EXCERPT_BYTES } from './feed-excerpt';
import { FeedIds } from './feed-ids';
import { feedItemHtml } from './feed-item-html';
import type { SiteSettings } from './site-settings';
import type { FeedFormat, SiteUrls } from './site-urls';
import { hubLinks, insertAfterSelfLink, jsonFeedHubs } from './websub-links';
import {
  childNamed,
  childrenNamed,
  type EscapedXmlText,
  escapedXmlText,
  parseXml,
  serialiseXml,
  setText,
  writtenXml,
  xmlBlock,
  xmlLine,
} from './xml-tree';

/** One feed to render, in all three formats. */
export interface FeedInput {
  scope: FeedScope;
  /** Text, as are `description` and the site's title. */
  title: string;
  description: string;
  /** The feed's language: the scope's, or the site's. */
  language: string;
  /** Newest first, at most 50. */
  articles: Article[];
  urls: SiteUrls;
  site: SiteSettings;
  /** RFC 5005: which archive document this is, and its neighbours; absent when the feed has no archive. */
  archive?: FeedArchivePlace;
}

/** The three serialisations of one feed. */
export interface FeedDocuments {
  rss: string;
  atom: string;
  json: string;
}

const NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** An empty feed's `updated`: fixed, so re-rendering an empty feed never changes its bytes. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

/**
 * Who an item credits as author: its byline, else its original publisher. Atom requires an author,
 * and in RSS and JSON Feed an item without one would be read as written by this site.
 */
function creditedAuthors(content: ArticleContent): Author[] {
  const { authors, attribution } = content;
  return authors.length > 0
    ? authors
    : [{ name: attribution.publisher.name, url: attribution.publisher.url }];
}

function publisherUrl(content: ArticleContent): string {
  return content.attribution.publisher.url ?? content.attribution.originalUrl;
}

/** Where the delivering partner is: its homepage, else its own feed on this site. */
function partnerUrl(article: Article, urls: SiteUrls, format: FeedFormat): string {
  return (
    article.content.attribution.deliveredBy.homepage ??
    urls.feed({ kind: 'partner', partnerId: article.partnerId }, format).url
  );
}

/**
 * The feed validator warns when two entries share an `updated` instant (partners often send one
 * timestamp for a batch). Ties are moved apart by a millisecond each, in feed order: invisible to
 * any reader, deterministic, and the stored dates stay as delivered.
 */
export function distinctInstants(instants: string[]): Date[] {
  const used = new Set<number>();
  return instants.map((instant) => {
    let time = new Date(instant).getTime();
    while (used.has(time)) time += 1;
    used.add(time);
    return new Date(time);
  });
}

/** What the three formats write of one item, worked out once for all three. */
interface FeedItem {
  article: Article;
  id: string;
  link: string;
  /** Tie-broken (see {@link distinctInstants}): Atom `updated`, JSON Feed `date_modified`. */
  updated: Date;
  published: Date;
  /** The item's HTML (body or its excerpt, then the credit line), for JSON Feed. */
  html: SafeHtml;
  /** The same HTML and the summary as HTML, escaped once as XML text for RSS and Atom. */
  htmlXml: EscapedXmlText;
  summaryXml: EscapedXmlText;
  authors: Author[];
}

function feedItems(input: FeedInput, ids: FeedIds): FeedItem[] {
  const { urls, articles } = input;
  const excerptBytes = input.site.feedExcerptBytes ?? DEFAULT_FEED_EXCERPT_BYTES;
  // An editor's correction is a significant change (RFC 4287 §4.2.15): Atom `updated` and JSON Feed
  // `date_modified` take its time, so readers that watch them show the item again. RSS has no such
  // element, and its `pubDate` stays the publication date.
  const updated = distinctInstants(articles.map((article) => article.content.updatedAt));
  return articles.map((article, index) => {
    const { content } = article;
    const link = urls.articlePage(article.slug).url;
    const itemHtml = feedItemHtml(content, link, excerptBytes);
    return {
      article,
      id: ids.article(article.articleId),
      link,
      updated: updated[index] as Date,
      published: new Date(content.publishedAt),
      html: itemHtml,
      htmlXml: escapedXmlText(itemHtml),
      summaryXml: escapedXmlText(escapeText(content.summary)),
      authors: creditedAuthors(content),
    };
  });
}

/**
 * Each document's frame from `feed`: the channel or feed element with its ids, links, self links,
 * dates and language, and no items. It is given no text and no HTML: its XML writer turns `&amp;`
 * back into `&` before escaping, splits only the first `]]>` of a CDATA section and leaves `<` in
 * attributes, so every text and HTML field is written by the completion below instead (decision
 * 0010). Items are written by the completion too: all `feed` would write of one is the id, link and
 * dates we hand it, and writing fifty of them only to parse them back cost more than the rest of our
 * layer together (decision 0041).
 */
function buildFrame(input: FeedInput, ids: FeedIds): Feed {
  const { urls, scope, articles } = input;
  const newest = articles.reduce<Date>((latest, article) => {
    const updated = new Date(article.content.updatedAt);
    return updated > latest ? updated : latest;
  }, EPOCH);
  return new Feed({
    id: ids.feed(scopeId(scope)),
    title: input.title,
    description: input.description,
    link: urls.home().url,
    language: input.language,
    updated: newest,
    generator: false,
    docs: 'https://www.rssboard.org/rss-specification',
    feedLinks: {
      rss: feedDocumentUrl(urls, scope, input.archive, 'rss'),
      atom: feedDocumentUrl(urls, scope, input.archive, 'atom'),
      json: feedDocumentUrl(urls, scope, input.archive, 'json'),
    },
    author: { name: input.site.title, link: urls.home().url },
  });
}

/**
 * One RSS `<item>`, a child of `<channel>`. Text (title, `dc:creator`, category, source,
 * `dc:rights`) is written as text, `&` and `<` as hexadecimal references; `description` is the
 * summary escaped as HTML; `content:encoded` the body and its credit line. The delivering partner
 * is an `atom:link rel="via"`, the same element Atom uses; RSS `<author>` is left out, as it must be
 * an e-mail address.
 */
function rssItem(item: FeedItem, urls: SiteUrls): string {
  const { article } = item;
  const { content } = article;
  const { attribution } = content;
  const depth = 3;
  return xmlBlock(2, 'item', {}, [
    xmlLine(depth, 'title', content.title),
    xmlLine(depth, 'link', item.link),
    xmlLine(depth, 'guid', item.id, { isPermaLink: 'false' }),
    xmlLine(depth, 'pubDate', item.published.toUTCString()),
    xmlLine(depth, 'description', item.summaryXml),
    xmlLine(depth, 'content:encoded', item.htmlXml),
    ...item.authors.map((author) => xmlLine(depth, 'dc:creator', author.name)),
    ...content.categories.map((category) => xmlLine(depth, 'category', category)),
    xmlLine(depth, 'source', attribution.publisher.name, { url: publisherUrl(content) }),
    attribution.license && xmlLine(depth, 'dc:rights', attribution.license),
    xmlLine(depth, 'atom:link', undefined, {
      rel: 'via',
      href: partnerUrl(article, urls, 'rss'),
      title: attribution.deliveredBy.name,
    }),
  ]);
}

/** RSS 2.0: `feed`'s channel with its text written as text, our namespaces, and the items. */
function completeRss(frame: string, input: FeedInput, items: readonly FeedItem[]): string {
  const rss = parseXml(frame);
  rss.attributes = {
    version: '2.0',
    'xmlns:atom': NAMESPACES.atom,
    'xmlns:content': NAMESPACES.content,
    'xmlns:dc': NAMESPACES.dc,
    ...(input.archive?.number === undefined ? {} : { 'xmlns:fh': FEED_HISTORY_NAMESPACE }),
  };
  const channel = childNamed(rss, 'channel');
  setText(childNamed(channel, 'title'), input.title);
  setText(childNamed(channel, 'description'), input.description);
  insertAfterSelfLink(channel, 'atom:link', hubLinks('atom:link', input.site.websubHubs));
  channel.elements = [
    ...(channel.elements ?? []),
    ...archiveElements(input.urls, input.scope, input.archive, 'rss'),
    ...items.map((item) => writtenXml(rssItem(item, input.urls))),
  ];
  return serialiseXml(rss);
}

/**
 * One Atom `<entry>`, a child of `<feed>`: `xml:lang` when its language is not the feed's; `title`
 * and `rights` as text; `summary` and `content` as escaped HTML; `author`, `category term`, a
 * `source` naming the original publisher and a `link rel="via"` to the delivering partner.
 */
function atomEntry(item: FeedItem, input: FeedInput): string {
  const { article } = item;
  const { content } = article;
  const { attribution } = content;
  const source = publisherUrl(content);
  const depth = 2;
  return xmlBlock(
    1,
    'entry',
    { 'xml:lang': content.language !== input.language ? content.language : undefined },
    [
      xmlLine(depth, 'title', content.title, { type: 'text' }),
      xmlLine(depth, 'id', item.id),
      xmlLine(depth, 'link', undefined, { href: item.link }),
      xmlLine(depth, 'updated', item.updated.toISOString()),
      xmlLine(depth, 'published', item.published.toISOString()),
      xmlLine(depth, 'summary', item.summaryXml, { type: 'html' }),
      xmlLine(depth, 'content', item.htmlXml, { type: 'html' }),
      ...item.authors.map((author) =>
        xmlBlock(depth, 'author', {}, [
          xmlLine(depth + 1, 'name', author.name),
          author.url !== undefined && xmlLine(depth + 1, 'uri', author.url),
        ]),
      ),
      ...content.categories.map((category) =>
        xmlLine(depth, 'category', undefined, { term: category, label: category }),
      ),
      attribution.license && xmlLine(depth, 'rights', attribution.license, { type: 'text' }),
      // The validator wants id, title and updated in a source; the article's own update stands in
      // for the publisher feed's, which we do not know.
      xmlBlock(depth, 'source', {}, [
        xmlLine(depth + 1, 'id', source),
        xmlLine(depth + 1, 'title', attribution.publisher.name),
        xmlLine(depth + 1, 'updated', new Date(content.updatedAt).toISOString()),
        xmlLine(depth + 1, 'link', undefined, { rel: 'alternate', href: source }),
      ]),
      xmlLine(depth, 'link', undefined, {
        rel: 'via',
        href: partnerUrl(article, input.urls, 'atom'),
        title: attribution.deliveredBy.name,
      }),
    ],
  );
}

/**
 * Atom 1.0: `feed`'s feed element with `xml:lang`, its title, subtitle and author name written as
 * text, and the entries.
 */
function completeAtom(frame: string, input: FeedInput, items: readonly FeedItem[]): string {
  const feed = parseXml(frame);
  feed.attributes = {
    ...feed.attributes,
    ...(input.archive?.number === undefined ? {} : { 'xmlns:fh': FEED_HISTORY_NAMESPACE }),
    'xml:lang': input.language,
  };
  const title = childNamed(feed, 'title');
  setText(title, input.title);
  title.attributes = { type: 'text' };
  // `feed` writes a subtitle only for a description that is not empty.
  for (const subtitle of childrenNamed(feed, 'subtitle')) {
    setText(subtitle, input.description);
    subtitle.attributes = { type: 'text' };
  }
  setText(childNamed(childNamed(feed, 'author'), 'name'), input.site.title);
  insertAfterSelfLink(feed, 'link', hubLinks('link', input.site.websubHubs));
  feed.elements = [
    ...(feed.elements ?? []),
    ...archiveElements(input.urls, input.scope, input.archive, 'atom'),
    ...items.map((item) => writtenXml(atomEntry(item, input))),
  ];
  return serialiseXml(feed);
}

/** One JSON Feed 1.1 item: `title` and `summary` as text, `content_html` as HTML, our `_attribution`. */
function jsonFeedItem(item: FeedItem, input: FeedInput): Record<string, unknown> {
  const { content } = item.article;
  const { attribution } = content;
  return {
    id: item.id,
    url: item.link,
    external_url: content.url,
    title: content.title,
    summary: content.summary,
    content_html: item.html,
    ...(content.image ? { image: content.image.url } : {}),
    date_published: item.published.toISOString(),
    date_modified: item.updated.toISOString(),
    authors: item.authors.map((person) =>
      person.url ? { name: person.name, url: person.url } : { name: person.name },
    ),
    ...(content.categories.length > 0 ? { tags: content.categories } : {}),
    ...(content.language !== input.language ? { language: content.language } : {}),
    _attribution: {
      delivered_by: {
        id: attribution.deliveredBy.partnerId,
        name: attribution.deliveredBy.name,
        url: attribution.deliveredBy.homepage,
      },
      publisher: attribution.publisher,
      via: attribution.via,
      license: attribution.license,
      original_url: attribution.originalUrl,
    },
  };
}

/** JSON Feed 1.1 from `feed`'s 1.0 frame: `authors`, `language`, and the items. */
function completeJsonFeed(frame: string, input: FeedInput, items: readonly FeedItem[]): string {
  const document = JSON.parse(frame) as Record<string, unknown>;
  const { version: _version, author, items: _none, ...rest } = document;
  const completed = {
    version: 'https://jsonfeed.org/version/1.1',
    ...rest,
    ...jsonArchiveFields(input.urls, input.scope, input.archive),
    language: input.language,
    authors: [author],
    ...jsonFeedHubs(input.site.websubHubs),
    items: items.map((item) => jsonFeedItem(item, input)),
  };
  return `${JSON.stringify(completed, null, 2)}\n`;
}

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 for one scope. Each item's HTML is made once for the three:
 * the body cut to the site's `feedExcerptBytes`, a link to the page when cut, and the credit line;
 * it and the summary are escaped once for both XML formats.
 */
export function renderFeeds(input: FeedInput): FeedDocuments {
  const ids = FeedIds.fromBaseUrl(input.urls.base);
  const frame = buildFrame(input, ids);
  const items = feedItems(input, ids);
  return {
    rss: completeRss(frame.rss2(), input, items),
    atom: completeAtom(frame.atom1(), input, items),
    json: completeJsonFeed(frame.json1(), input, items),
  };
}
