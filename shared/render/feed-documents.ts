import { Feed, type Author as FeedAuthor, type Item } from 'feed';
import { js2xml, xml2js } from 'xml-js';
import type { Article } from '../domain/article';
import { type FeedScope, scopeId } from '../domain/feed-scope';
import { escapeText as escapeHtml } from '../text/markup';
import { stripXmlForbidden } from '../text/xml-safe-text';
import { FeedIds } from './feed-ids';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** One feed to render, in all three formats. */
export interface FeedInput {
  scope: FeedScope;
  title: string;
  description: string;
  /** The feed's language: the scope's, or the site's. */
  language: string;
  /** Newest first, at most 50. */
  articles: Article[];
  urls: SiteUrls;
  site: SiteSettings;
}

/** The three serialisations of one feed. */
export interface FeedDocuments {
  rss: string;
  atom: string;
  json: string;
}

/** An empty feed's `updated`: fixed, so re-rendering an empty feed never changes its bytes. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

/**
 * `feed` writes these fields as CDATA and splits only the first "]]>" in each, so a second one would
 * end the section early. As HTML (Atom type="html", RSS description and content), "]]&gt;" reads
 * the same; the JSON Feed gets the original text back.
 */
function cdataSafe(html: string): string {
  return html.replaceAll(']]>', ']]&gt;');
}

function entryAuthors(article: Article): FeedAuthor[] {
  const { authors, attribution } = article.content;
  // Atom needs an author on every entry; the publisher stands in when the byline is empty.
  return authors.length > 0
    ? authors.map((author) => ({ name: author.name, link: author.url }))
    : [{ name: attribution.publisher.name, link: attribution.publisher.url }];
}

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
      rss: urls.feed(scope, 'rss').url,
      atom: urls.feed(scope, 'atom').url,
      json: urls.feed(scope, 'json').url,
    },
    author: { name: input.site.title, link: urls.home().url },
  });
  const updated = distinctInstants(articles.map((article) => article.content.updatedAt));
  for (const [index, article] of articles.entries()) {
    const { content } = article;
    const publisherUrl = content.attribution.publisher.url ?? content.attribution.originalUrl;
    const item: Item = {
      id: ids.article(article.articleId),
      title: cdataSafe(content.title),
      link: urls.articlePage(article.slug).url,
      date: updated[index] as Date,
      published: new Date(content.publishedAt),
      description: cdataSafe(content.summary),
      content: cdataSafe(content.bodyHtml),
      author: entryAuthors(article),
      // Atom requires `term`; RSS and JSON Feed read `name`.
      category: content.categories.map((name) => ({ name, term: name })),
      copyright: content.attribution.license,
      extensions: [
        // RSS <author> must be an e-mail address; names go in dc:creator.
        {
          name: 'dc:creator',
          objects: content.authors.map((author) => ({ _text: author.name })) as unknown as Record<
            string,
            unknown
          >,
        },
        {
          name: 'source',
          objects: {
            _attributes: { url: escapeHtml(publisherUrl) },
            _text: content.attribution.publisher.name,
          },
        },
      ],
    };
    feed.addItem(item);
  }
  return feed;
}

/** Parsing decodes attribute entities and js2xml does not re-encode them: encode here, once. */
function serialise(document: unknown): string {
  return js2xml(document as Parameters<typeof js2xml>[0], {
    compact: true,
    spaces: 2,
    attributeValueFn: escapeHtml,
  });
}

type XmlElement = { _attributes?: Record<string, string>; [child: string]: unknown };

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

/** Atom as `feed` writes it, plus `xml:lang` on the feed and on entries in another language, and `<source>`. */
function completeAtom(xml: string, input: FeedInput): string {
  const document = xml2js(xml, { compact: true }) as {
    feed: XmlElement & { entry?: XmlElement | XmlElement[] };
  };
  document.feed._attributes = { ...document.feed._attributes, 'xml:lang': input.language };
  const entries =
    document.feed.entry === undefined
      ? []
      : Array.isArray(document.feed.entry)
        ? document.feed.entry
        : [document.feed.entry];
  entries.forEach((entry, index) => {
    const article = input.articles[index];
    if (!article) return;
    const { language, attribution } = article.content;
    if (language !== input.language) entry._attributes = { ...entry._attributes, 'xml:lang': language };
    const publisherUrl = attribution.publisher.url ?? attribution.originalUrl;
    // The validator wants id, title and updated in a source; the article's own update stands in
    // for the publisher feed's, which we do not know.
    entry.source = {
      id: { _text: publisherUrl },
      title: { _text: attribution.publisher.name },
      updated: { _text: new Date(article.content.updatedAt).toISOString() },
      link: { _attributes: { rel: 'alternate', href: publisherUrl } },
    };
  });
  return serialise(document);
}

/** RSS as `feed` writes it, less `<author>`, which RSS reserves for an e-mail address (names are in dc:creator). */
function completeRss(xml: string): string {
  const document = xml2js(xml, { compact: true }) as {
    rss: { channel: { item?: XmlElement | XmlElement[] } };
  };
  const items = document.rss.channel.item;
  for (const item of items === undefined ? [] : Array.isArray(items) ? items : [items]) delete item.author;
  return serialise(document);
}

/** JSON Feed 1.1 from `feed`'s 1.0: `authors`, `language`, and our `_attribution` extension. */
function completeJsonFeed(json: string, input: FeedInput): string {
  const document = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  document.version = 'https://jsonfeed.org/version/1.1';
  document.language = input.language;
  document.authors = [document.author];
  delete document.author;
  document.items.forEach((item, index) => {
    const article = input.articles[index];
    if (!article) return;
    const { content } = article;
    delete item.author;
    // The originals, not the CDATA-safe forms the XML feeds were given.
    item.title = content.title;
    item.summary = content.summary;
    item.content_html = content.bodyHtml;
    delete item['dc:creator'];
    delete item.source;
    // JSON Feed 1.1: `authors` holds one or more; with no byline the feed's authors apply.
    if (content.authors.length > 0) {
      item.authors = content.authors.map((author) =>
        author.url ? { name: author.name, url: author.url } : { name: author.name },
      );
    }
    if (content.language !== input.language) item.language = content.language;
    if (content.image) item.image = content.image.url;
    item.external_url = content.url;
    item._attribution = {
      delivered_by: {
        id: content.attribution.deliveredBy.partnerId,
        name: content.attribution.deliveredBy.name,
        url: content.attribution.deliveredBy.homepage,
      },
      publisher: content.attribution.publisher,
      via: content.attribution.via,
      license: content.attribution.license,
      original_url: content.attribution.originalUrl,
    };
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 for one scope. */
export function renderFeeds(input: FeedInput): FeedDocuments {
  const ids = FeedIds.fromBaseUrl(input.urls.base);
  const feed = buildFeed(input, ids);
  return {
    rss: stripXmlForbidden(completeRss(feed.rss2())),
    atom: stripXmlForbidden(completeAtom(feed.atom1(), input)),
    json: completeJsonFeed(feed.json1(), input),
  };
}
