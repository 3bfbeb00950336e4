import { Feed, type Item } from 'feed';
import type { Article, ArticleContent, Author } from '../domain/article';
import { type FeedScope, scopeId } from '../domain/feed-scope';
import { escapeText, type PlainText, type SafeHtml } from '../text/markup';
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
import {
  childNamed,
  childrenNamed,
  parseXml,
  serialiseXml,
  setText,
  type XmlElement,
  type XmlNode,
  xmlElement,
  xmlTextElement,
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

/**
 * The documents' skeleton from `feed`: channel and entry structure, ids, links, dates. It is given
 * no text and no HTML: its XML writer turns `&amp;` back into `&` before escaping, splits only the
 * first `]]>` of a CDATA section and leaves `<` in attributes, so every text and HTML field is
 * written by the completion below instead (decision 0010).
 */
function buildFeed(input: FeedInput, ids: FeedIds): Feed {
  const { urls, scope, articles } = input;
  const newest = articles.reduce<Date>((latest, article) => {
    const updated = new Date(article.content.updatedAt);
    return updated > latest ? updated : latest;
  }, EPOCH);
  const feed = new Feed({
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
  // An editor's correction is a significant change (RFC 4287 §4.2.15): Atom `updated` and JSON Feed
  // `date_modified` take its time, so readers that watch them show the item again. RSS has no such
  // element, and its `pubDate` stays the publication date.
  const updated = distinctInstants(articles.map((article) => article.content.updatedAt));
  for (const [index, article] of articles.entries()) {
    const item: Item = {
      id: ids.article(article.articleId),
      title: '',
      link: urls.articlePage(article.slug).url,
      date: updated[index] as Date,
      published: new Date(article.content.publishedAt),
    };
    feed.addItem(item);
  }
  return feed;
}

/** The children of `element` with one of `names`, in their order. */
function kept(element: XmlElement, names: string[]): XmlNode[] {
  return (element.elements ?? []).filter(
    (node) => node.type === 'element' && names.includes(node.name ?? ''),
  );
}

/** Puts `elements` before the first child named `itemName`, after the channel's own elements. */
function insertBeforeItems(parent: XmlElement, itemName: string, elements: XmlElement[]): void {
  if (elements.length === 0) return;
  const children = parent.elements ?? [];
  const first = children.findIndex((node) => node.type === 'element' && node.name === itemName);
  children.splice(first === -1 ? children.length : first, 0, ...elements);
  parent.elements = children;
}

function present<T>(value: T | undefined | false | ''): value is T {
  return value !== undefined && value !== false && value !== '';
}

/**
 * RSS 2.0. Text (title, `dc:creator`, category, source, `dc:rights`) is written as text, `&` and
 * `<` as hexadecimal references; `description` is the summary escaped as HTML; `content:encoded`
 * the body and its credit line. The delivering partner is an `atom:link rel="via"`, the same
 * element Atom uses; RSS `<author>` is left out, as it must be an e-mail address.
 */
function completeRss(xml: string, input: FeedInput, bodies: readonly SafeHtml[]): string {
  const rss = parseXml(xml);
  rss.attributes = {
    version: '2.0',
    'xmlns:atom': NAMESPACES.atom,
    'xmlns:content': NAMESPACES.content,
    'xmlns:dc': NAMESPACES.dc,
    ...(input.archive?.number === undefined ? {} : { 'xmlns:fh': FEED_HISTORY_NAMESPACE }),
  };
  const channel = childNamed(rss, 'channel');
  insertBeforeItems(channel, 'item', archiveElements(input.urls, input.scope, input.archive, 'rss'));
  setText(childNamed(channel, 'title'), input.title);
  setText(childNamed(channel, 'description'), input.description);
  childrenNamed(channel, 'item').forEach((item, index) => {
    const article = input.articles[index];
    if (!article) return;
    const { content } = article;
    const { attribution } = content;
    item.elements = [
      xmlTextElement('title', content.title),
      ...kept(item, ['link', 'guid', 'pubDate']),
      xmlTextElement('description', escapeText(content.summary)),
      xmlTextElement('content:encoded', bodies[index] ?? ''),
      ...creditedAuthors(content).map((author) => xmlTextElement('dc:creator', author.name)),
      ...content.categories.map((category) => xmlTextElement('category', category)),
      xmlTextElement('source', attribution.publisher.name, { url: publisherUrl(content) }),
      attribution.license && xmlTextElement('dc:rights', attribution.license),
      xmlElement('atom:link', {
        rel: 'via',
        href: partnerUrl(article, input.urls, 'rss'),
        title: attribution.deliveredBy.name,
      }),
    ].filter(present);
  });
  return serialiseXml(rss);
}

function atomPerson(name: PlainText | string, uri: string | undefined): XmlElement {
  return xmlElement(
    'author',
    {},
    [xmlTextElement('name', name), uri === undefined ? undefined : xmlTextElement('uri', uri)].filter(
      present,
    ),
  );
}

/**
 * Atom 1.0: `xml:lang` on the feed and on entries in another language; `title` and `rights` as
 * text; `summary` and `content` as escaped HTML; `author`, `category term`, a `source` naming the
 * original publisher and a `link rel="via"` to the delivering partner.
 */
function completeAtom(xml: string, input: FeedInput, bodies: readonly SafeHtml[]): string {
  const feed = parseXml(xml);
  feed.attributes = {
    ...feed.attributes,
    ...(input.archive?.number === undefined ? {} : { 'xmlns:fh': FEED_HISTORY_NAMESPACE }),
    'xml:lang': input.language,
  };
  insertBeforeItems(feed, 'entry', archiveElements(input.urls, input.scope, input.archive, 'atom'));
  const title = childNamed(feed, 'title');
  setText(title, input.title);
  title.attributes = { type: 'text' };
  // `feed` writes a subtitle only for a description that is not empty.
  for (const subtitle of childrenNamed(feed, 'subtitle')) {
    setText(subtitle, input.description);
    subtitle.attributes = { type: 'text' };
  }
  setText(childNamed(childNamed(feed, 'author'), 'name'), input.site.title);
  childrenNamed(feed, 'entry').forEach((entry, index) => {
    const article = input.articles[index];
    if (!article) return;
    const { content } = article;
    const { attribution } = content;
    if (content.language !== input.language) entry.attributes = { 'xml:lang': content.language };
    const source = publisherUrl(content);
    entry.elements = [
      xmlTextElement('title', content.title, { type: 'text' }),
      ...kept(entry, ['id', 'link', 'updated', 'published']),
      xmlTextElement('summary', escapeText(content.summary), { type: 'html' }),
      xmlTextElement('content', bodies[index] ?? '', { type: 'html' }),
      ...creditedAuthors(content).map((author) => atomPerson(author.name, author.url)),
      ...content.categories.map((category) => xmlElement('category', { term: category, label: category })),
      attribution.license && xmlTextElement('rights', attribution.license, { type: 'text' }),
      // The validator wants id, title and updated in a source; the article's own update stands in
      // for the publisher feed's, which we do not know.
      xmlElement('source', {}, [
        xmlTextElement('id', source),
        xmlTextElement('title', attribution.publisher.name),
        xmlTextElement('updated', new Date(content.updatedAt).toISOString()),
        xmlElement('link', { rel: 'alternate', href: source }),
      ]),
      xmlElement('link', {
        rel: 'via',
        href: partnerUrl(article, input.urls, 'atom'),
        title: attribution.deliveredBy.name,
      }),
    ].filter(present);
  });
  return serialiseXml(feed);
}

/**
 * JSON Feed 1.1 from `feed`'s 1.0: `authors`, `language`, and per item `title` and `summary` as
 * text, `content_html` as HTML, and our `_attribution` extension.
 */
function completeJsonFeed(json: string, input: FeedInput, bodies: readonly SafeHtml[]): string {
  const document = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const { version: _version, author, items, ...rest } = document;
  const completed = {
    version: 'https://jsonfeed.org/version/1.1',
    ...rest,
    ...jsonArchiveFields(input.urls, input.scope, input.archive),
    language: input.language,
    authors: [author],
    items: items.map((item, index) => {
      const article = input.articles[index];
      if (!article) return item;
      const { content } = article;
      const { attribution } = content;
      return {
        id: item.id,
        url: item.url,
        external_url: content.url,
        title: content.title,
        summary: content.summary,
        content_html: bodies[index] ?? '',
        ...(content.image ? { image: content.image.url } : {}),
        date_published: item.date_published,
        date_modified: item.date_modified,
        authors: creditedAuthors(content).map((person) =>
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
    }),
  };
  return `${JSON.stringify(completed, null, 2)}\n`;
}

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 for one scope. Each item's HTML is made once for the three:
 * the body cut to the site's `feedExcerptBytes`, a link to the page when cut, and the credit line.
 */
export function renderFeeds(input: FeedInput): FeedDocuments {
  const ids = FeedIds.fromBaseUrl(input.urls.base);
  const feed = buildFeed(input, ids);
  const excerptBytes = input.site.feedExcerptBytes ?? DEFAULT_FEED_EXCERPT_BYTES;
  const bodies = input.articles.map((article) =>
    feedItemHtml(article.content, input.urls.articlePage(article.slug).url, excerptBytes),
  );
  return {
    rss: completeRss(feed.rss2(), input, bodies),
    atom: completeAtom(feed.atom1(), input, bodies),
    json: completeJsonFeed(feed.json1(), input, bodies),
  };
}
