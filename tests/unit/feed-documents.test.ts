import { describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import { distinctInstants, renderFeeds } from '../../shared/render/feed-documents';
import { SiteUrls } from '../../shared/render/site-urls';
import { sampleArticle } from '../support/sample-article';

const urls = new SiteUrls('https://news.example/');
const site = { title: 'News & Views', description: 'Syndicated <articles>', language: 'en' };
const arabic = sampleArticle();
const english = sampleArticle(
  { articleId: 'a0000000000000000002', slug: 'grain-talks' },
  {
    title: 'Grain talks',
    language: 'en',
    direction: 'ltr',
    authors: [],
    publishedAt: '2024-11-28T10:00:00Z',
    updatedAt: '2024-11-28T10:00:00Z',
  },
);
const renderSiteFeed = () =>
  renderFeeds({
    scope: { kind: 'site' },
    title: site.title,
    description: site.description,
    language: 'en',
    articles: [english, arabic],
    urls,
    site,
  });
const feeds = renderSiteFeed();

/** xml-js parses strictly: a malformed document throws. */
function parse(xml: string) {
  // biome-ignore lint/suspicious/noExplicitAny: a parsed XML tree is walked by the assertions below
  return xml2js(xml, { compact: true }) as Record<string, any>;
}

describe('RSS 2.0', () => {
  const rss = parse(feeds.rss).rss;
  const item = rss.channel.item[1];

  it('is well-formed, with its namespaces declared', () => {
    expect(rss._attributes).toMatchObject({
      version: '2.0',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      'xmlns:atom': 'http://www.w3.org/2005/Atom',
    });
  });

  it('carries a self link where the feed is served and a stable guid', () => {
    expect(rss.channel['atom:link']._attributes.href).toBe('https://news.example/feeds/rss.xml');
    expect(item.guid).toEqual({
      _attributes: { isPermaLink: 'false' },
      _text: 'tag:news.example,2026:article:a0000000000000000001',
    });
  });

  it('names the author in dc:creator and the original publisher in <source url>', () => {
    expect(item['dc:creator']._text).toBe('عبد الله جمال');
    expect(item.source).toEqual({
      _attributes: { url: 'https://interregional.example/?x=1&y=2' },
      _text: 'Interregional for Strategic Analyses',
    });
    expect(feeds.rss).not.toMatch(/<author>/);
  });

  it('keeps every "]]>" in titles and content readable, and the XML well-formed', () => {
    const twice = sampleArticle({}, { title: 'a ]]> b ]]> c', bodyHtml: '<p>x ]]> y ]]> z</p>' });
    const out = renderFeeds({
      scope: { kind: 'site' },
      title: 't',
      description: 'd',
      language: 'en',
      articles: [twice],
      urls,
      site,
    });
    const atom = parse(out.atom).feed;
    expect([atom.entry.title._cdata].flat().join('')).toBe('a ]]&gt; b ]]&gt; c');
    expect([atom.entry.content._cdata].flat().join('')).toBe('<p>x ]]&gt; y ]]&gt; z</p>');
    expect(parse(out.rss).rss.channel.item.title._cdata).toBe('a ]]&gt; b ]]&gt; c');
    expect(JSON.parse(out.json).items[0].title).toBe('a ]]> b ]]> c');
  });
});

describe('Atom 1.0', () => {
  const feed = parse(feeds.atom).feed;

  it('declares xml:lang on the feed and on the entry in another language', () => {
    expect(feed._attributes['xml:lang']).toBe('en');
    expect(feed.entry[0]._attributes).toBeUndefined();
    expect(feed.entry[1]._attributes['xml:lang']).toBe('ar');
  });

  it('gives every category the term Atom requires', () => {
    expect(feed.entry[1].category._attributes).toEqual({ label: 'تحليلات', term: 'تحليلات' });
  });

  it('gives every source the id, title and updated the validator asks for', () => {
    expect(Object.keys(feed.entry[1].source).sort()).toEqual(['id', 'link', 'title', 'updated']);
  });

  it('gives every entry an author, a source naming the publisher and rights when licensed', () => {
    expect(feed.entry[0].author.name._text).toBe('Interregional for Strategic Analyses');
    expect(feed.entry[1].author.name._text).toBe('عبد الله جمال');
    expect(feed.entry[1].source.title._text).toBe('Interregional for Strategic Analyses');
    expect(feed.entry[1].rights._text).toBe('All rights reserved');
    expect(feed.entry[1].id._text).toBe('tag:news.example,2026:article:a0000000000000000001');
  });
});

describe('JSON Feed 1.1', () => {
  const feed = JSON.parse(feeds.json);

  it('is version 1.1 with language, authors and the attribution extension', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('en');
    expect(feed.author).toBeUndefined();
    expect(feed.items[1]).toMatchObject({
      language: 'ar',
      authors: [{ name: 'عبد الله جمال' }],
      _attribution: {
        publisher: { name: 'Interregional for Strategic Analyses' },
        license: 'All rights reserved',
      },
    });
    expect(feed.items[1].author).toBeUndefined();
    expect(feed.items[1]['dc:creator']).toBeUndefined();
  });
});

describe('distinctInstants', () => {
  it('moves ties apart by a millisecond, in order, and leaves distinct instants alone', () => {
    const out = distinctInstants([
      '2024-11-27T09:00:00Z',
      '2024-11-27T12:00:00+03:00',
      '2024-11-26T00:00:00Z',
    ]);
    expect(out.map((date) => date.toISOString())).toEqual([
      '2024-11-27T09:00:00.000Z',
      '2024-11-27T09:00:00.001Z',
      '2024-11-26T00:00:00.000Z',
    ]);
  });
});

describe('JSON Feed authors', () => {
  it('leaves authors out of an item with no byline, rather than an empty list', () => {
    expect(JSON.parse(feeds.json).items[0].authors).toBeUndefined();
  });
});

describe('determinism', () => {
  it('renders the same bytes twice, so an unchanged feed is never rewritten', () => {
    expect(renderSiteFeed()).toEqual(feeds);
  });
});
