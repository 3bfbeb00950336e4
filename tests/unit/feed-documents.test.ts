import { type Element, isTag } from 'domhandler';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import { distinctInstants, renderFeeds } from '../../shared/render/feed-documents';
import { SiteUrls } from '../../shared/render/site-urls';
import { parseWithFeedparser } from '../support/feedparser';
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

  it('names the author in dc:creator, the publisher in <source url>, the license in dc:rights', () => {
    expect(item['dc:creator']._text).toBe('عبد الله جمال');
    expect(item.source).toEqual({
      _attributes: { url: 'https://interregional.example/?x=1&y=2' },
      _text: 'Interregional for Strategic Analyses',
    });
    expect(item['dc:rights']._text).toBe('All rights reserved');
    expect(feeds.rss).not.toMatch(/<author>/);
  });

  it('links the delivering partner as atom:link rel="via", as Atom does', () => {
    expect(item['atom:link']._attributes).toEqual({
      rel: 'via',
      href: 'https://almadar.example/',
      title: 'شبكة المدار الإعلامية الأوروبية',
    });
  });

  it('credits the byline-less item to its publisher, not to this site', () => {
    expect(rss.channel.item[0]['dc:creator']._text).toBe('Interregional for Strategic Analyses');
  });

  it('writes text as text, with & and < as hexadecimal references and no CDATA', () => {
    const out = renderFeeds({
      scope: { kind: 'site' },
      title: 'Q&A <b>',
      description: 'd',
      language: 'en',
      articles: [sampleArticle({}, { title: 'a ]]> b ]]> c & <d>', categories: ['x & y'] })],
      urls,
      site,
    });
    expect(out.rss).not.toContain('CDATA');
    expect(out.rss).toContain('<title>Q&#x26;A &#x3C;b&#x3E;</title>');
    expect(out.rss).toContain('<title>a ]]&#x3E; b ]]&#x3E; c &#x26; &#x3C;d&#x3E;</title>');
    expect(out.rss).toContain('<category>x &#x26; y</category>');
  });

  it('keeps every "]]>" in titles and content, and the XML well-formed', () => {
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
    expect(atom.entry.title._text).toBe('a ]]> b ]]> c');
    expect(atom.entry.content._text).toMatch(/^<p>x ]]&gt; y ]]&gt; z<\/p>/);
    expect(parse(out.rss).rss.channel.item.title._text).toBe('a ]]> b ]]> c');
    expect(JSON.parse(out.json).items[0].title).toBe('a ]]> b ]]> c');
  });

  it('keeps text that looks like an entity as that text (the XML writer of `feed` and `xml-js` would not)', () => {
    const out = renderFeeds({
      scope: { kind: 'site' },
      title: 'Fish &amp; chips',
      description: 'd',
      language: 'en',
      articles: [
        sampleArticle({}, { title: 'Fish &amp; chips &lt;b&gt;', authors: [{ name: 'A &amp; B' }] }),
      ],
      urls,
      site,
    });
    const parsed = parseWithFeedparser(out.atom);
    expect(parsed.title?.value).toBe('Fish &amp; chips');
    expect(parsed.entries[0]?.title).toEqual({ value: 'Fish &amp; chips &lt;b&gt;', type: 'text/plain' });
    expect(parsed.entries[0]?.authors).toEqual(['A &amp; B']);
    expect(parse(out.rss).rss.channel.item.title._text).toBe('Fish &amp; chips &lt;b&gt;');
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
    expect(feed.entry[1].rights).toEqual({ _attributes: { type: 'text' }, _text: 'All rights reserved' });
    expect(feed.entry[1].id._text).toBe('tag:news.example,2026:article:a0000000000000000001');
  });

  it('links the delivering partner with rel="via"', () => {
    const links = [feed.entry[1].link].flat().map((link: { _attributes: object }) => link._attributes);
    expect(links).toContainEqual({
      rel: 'via',
      href: 'https://almadar.example/',
      title: 'شبكة المدار الإعلامية الأوروبية',
    });
  });

  it('marks the title as text and the summary and content as HTML', () => {
    expect(feed.entry[1].title._attributes).toEqual({ type: 'text' });
    expect(feed.entry[1].summary._attributes).toEqual({ type: 'html' });
    expect(feed.entry[1].content._attributes).toEqual({ type: 'html' });
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

describe('an empty feed', () => {
  it('is three well-formed documents with no items, even without a description', () => {
    const out = renderFeeds({
      scope: { kind: 'partner', partnerId: 'quiet' },
      title: 'Quiet & empty',
      description: '',
      language: 'en',
      articles: [],
      urls,
      site,
    });
    for (const feed of [parseWithFeedparser(out.rss), parseWithFeedparser(out.atom)]) {
      expect(feed).toMatchObject({ bozo: false, entries: [] });
      expect(feed.title?.value).toBe('Quiet & empty');
    }
    expect(JSON.parse(out.json)).toMatchObject({ title: 'Quiet & empty', items: [] });
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
  it('credits an item with no byline to its publisher: the feed-level authors (this site) did not write it', () => {
    expect(JSON.parse(feeds.json).items[0].authors).toEqual([
      { name: 'Interregional for Strategic Analyses', url: 'https://interregional.example/?x=1&y=2' },
    ]);
  });
});

describe('the credit line every item’s HTML ends with', () => {
  const credit = (html: string) => {
    const blocks = parseDocument(html).children.filter(isTag);
    return blocks[blocks.length - 1] as Element;
  };

  it('names the publisher with a link to the original, the partner and the license, in Arabic for Arabic', () => {
    const line = credit(JSON.parse(feeds.json).items[1].content_html);
    expect(textContent(line)).toBe(
      'نُشر أصلاً لدى Interregional for Strategic Analyses · عبر شبكة المدار الإعلامية الأوروبية · الترخيص: All rights reserved',
    );
    const links = findAll((node) => node.name === 'a', [line]).map((link) => link.attribs.href);
    expect(links).toEqual([
      'https://almadar.example/2024/11/27/russia-taliban/?a=1&b=2',
      'https://almadar.example/',
    ]);
    expect(line.attribs.lang).toBeUndefined();
  });

  it('is the same HTML in all three formats', () => {
    const json = JSON.parse(feeds.json).items[1].content_html;
    expect(parse(feeds.rss).rss.channel.item[1]['content:encoded']._text).toBe(json);
    expect(parse(feeds.atom).feed.entry[1].content._text).toBe(json);
  });

  it('says in English, marked as English, what it cannot say in the item’s language', () => {
    const german = sampleArticle({}, { language: 'de', direction: 'ltr' });
    const out = renderFeeds({
      scope: { kind: 'site' },
      title: 't',
      description: 'd',
      language: 'de',
      articles: [german],
      urls,
      site,
    });
    const line = credit(JSON.parse(out.json).items[0].content_html);
    expect(line.attribs).toEqual({ lang: 'en', dir: 'ltr' });
    expect(textContent(line)).toMatch(/^Originally published by Interregional/);
  });
});

describe('determinism', () => {
  it('renders the same bytes twice, so an unchanged feed is never rewritten', () => {
    expect(renderSiteFeed()).toEqual(feeds);
  });
});
