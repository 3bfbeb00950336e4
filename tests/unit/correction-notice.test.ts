import type { Element } from 'domhandler';
import { getAttributeValue, textContent } from 'domutils';
import { describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import type { Article } from '../../shared/domain/article';
import type { CorrectionNotice } from '../../shared/domain/editorial';
import { laterInstant } from '../../shared/domain/later-instant';
import { renderArticleDocument } from '../../shared/render/article-document';
import { renderArticlePage } from '../../shared/render/article-page';
import { renderFeeds } from '../../shared/render/feed-documents';
import { SiteUrls } from '../../shared/render/site-urls';
import { plainText } from '../../shared/text/markup';
import { parseWithFeedparser } from '../support/feedparser';
import { HtmlDocument } from '../support/html-document';
import { sampleArticle } from '../support/sample-article';

const urls = new SiteUrls('https://news.example/');
const site = { title: 'News', description: 'Syndicated articles.', language: 'en' };
const agreement = { canonical: 'self', robots: 'index' } as const;
const noNeighbours = { previous: undefined, next: undefined };

/** An id that must appear nowhere a reader can see. */
const EDITOR_ID = 'editor-sub-7f3a9c';
const HOSTILE_REASON = 'The headline said <script>alert(1)</script> & "misnamed" the minister';

function correction(at: string, reason: string, revision: number, fields: CorrectionNotice['fields']) {
  return { at, reason: plainText(reason), fields, revision, editor: EDITOR_ID };
}

const FIRST = correction('2024-11-28T08:15:00Z', HOSTILE_REASON, 3, ['title']);
const SECOND = correction('2024-11-29T16:40:00Z', 'The author’s name was misspelt.', 4, ['authors']);

/** The article as the correction rules store it: each correction moves `updatedAt` to its time. */
function corrected(article: Article, corrections: CorrectionNotice[]): Article {
  const updatedAt = corrections.reduce(
    (latest, notice) => laterInstant(latest, notice.at),
    article.content.updatedAt,
  );
  return {
    ...article,
    content: { ...article.content, updatedAt },
    editorial: { held: {}, partner: {}, corrections },
  };
}

const english = sampleArticle(
  { slug: 'grain-talks' },
  {
    title: 'Grain talks resume',
    language: 'en',
    direction: 'ltr',
    authors: [{ name: 'Jane Doe' }],
    publishedAt: '2024-11-27T09:00:00Z',
    updatedAt: '2024-11-27T10:00:00Z',
  },
);
/** Published 2024-11-27T09:00Z, updated 2024-11-27T09:30Z (the partner's +03:00 kept). */
const arabic = sampleArticle();

function page(article: Article): { source: string; document: HtmlDocument } {
  const source = renderArticlePage({ article, neighbours: noNeighbours, agreement, urls, site });
  return { source, document: new HtmlDocument(source) };
}

function notices(document: HtmlDocument): Element[] {
  return document.all('aside').filter((aside) => getAttributeValue(aside, 'class') === 'correction');
}

function text(element: Element): string {
  return textContent(element).replace(/\s+/g, ' ').trim();
}

/** The page's JSON-LD, parsed as a consumer parses it. */
function jsonLd(document: HtmlDocument): Record<string, unknown> {
  const scripts = document
    .all('script')
    .filter((script) => getAttributeValue(script, 'type') === 'application/ld+json');
  expect(scripts).toHaveLength(1);
  return JSON.parse(textContent(scripts[0] as Element));
}

describe('an article no editor corrected', () => {
  for (const [name, article] of [
    ['English', english],
    ['Arabic', arabic],
  ] as const) {
    it(`shows no notice and no correction in its JSON-LD or json (${name})`, () => {
      const { document } = page(article);
      expect(notices(document)).toEqual([]);
      expect(document.all('h2').map(text)).not.toContain('Correction');
      const data = jsonLd(document);
      expect(data).not.toHaveProperty('correction');
      expect(data.dateModified).toBe(article.content.updatedAt);
      const json = JSON.parse(renderArticleDocument(article, noNeighbours, urls));
      expect(json.corrections).toEqual([]);
    });
  }

  it('renders the same page whether editorial is absent or holds no correction', () => {
    expect(page(corrected(english, [])).source).toBe(page(english).source);
  });
});

describe('an English article corrected once', () => {
  const article = corrected(english, [FIRST]);
  const { source, document } = page(article);

  it('shows a notice headed "Correction" with the date and the reason, as text', () => {
    const [notice, ...others] = notices(document);
    expect(others).toEqual([]);
    expect(getAttributeValue(notice as Element, 'role')).toBe('note');
    const heading = document.all('h2').find((h2) => h2.parent === notice);
    expect(heading && text(heading)).toBe('Correction');
    const items = document.all('li').filter((li) => li.parent?.parent === notice);
    expect(items.map(text)).toEqual([`November 28, 2024: ${HOSTILE_REASON}`]);
    const time = document.all('time').find((element) => text(element) === 'November 28, 2024');
    expect(time && getAttributeValue(time, 'datetime')).toBe('2024-11-28T08:15:00Z');
  });

  it('keeps the reason text: its <script> is no element, its & no entity', () => {
    // The page's one script is the JSON-LD.
    expect(document.all('script').map((script) => getAttributeValue(script, 'type'))).toEqual([
      'application/ld+json',
    ]);
    expect(source).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;misnamed&quot;');
  });

  it('places the notice after the headline and byline, before the attribution and the body', () => {
    const article = document.all('article')[0] as Element;
    const order = article.children
      .filter((child): child is Element => child.type === 'tag')
      .map((child) => getAttributeValue(child, 'class') ?? child.name);
    expect(order).toEqual(['h1', 'byline', 'correction', 'attribution', 'article-body']);
  });

  it('carries the correction in its JSON-LD as a CorrectionComment, and dateModified moves to it', () => {
    const data = jsonLd(document);
    expect(data['@type']).toBe('NewsArticle');
    expect(data.correction).toEqual([
      { '@type': 'CorrectionComment', text: HOSTILE_REASON, datePublished: '2024-11-28T08:15:00Z' },
    ]);
    expect(data.dateModified).toBe('2024-11-28T08:15:00Z');
    expect(data.datePublished).toBe('2024-11-27T09:00:00Z');
    expect(
      document.attribute(
        'meta',
        'content',
        (meta) => getAttributeValue(meta, 'property') === 'article:modified_time',
      ),
    ).toBe('2024-11-28T08:15:00Z');
  });

  it('keeps the partner’s dateModified when the partner updated the article after the correction', () => {
    const later = corrected(
      sampleArticle({}, { ...english.content, updatedAt: '2024-11-30T12:00:00+01:00' }),
      [FIRST],
    );
    expect(jsonLd(page(later).document).dateModified).toBe('2024-11-30T12:00:00+01:00');
  });

  it('lists it in the article json as { at, reason, fields }', () => {
    const json = JSON.parse(renderArticleDocument(article, noNeighbours, urls));
    expect(json.corrections).toEqual([
      { at: '2024-11-28T08:15:00Z', reason: HOSTILE_REASON, fields: ['title'] },
    ]);
  });

  it('never shows the editor’s id, in the page or the json', () => {
    expect(source).not.toContain(EDITOR_ID);
    expect(renderArticleDocument(article, noNeighbours, urls)).not.toContain(EDITOR_ID);
  });
});

describe('an Arabic article corrected twice', () => {
  const article = corrected(arabic, [FIRST, SECOND]);
  const { source, document } = page(article);

  it('heads the notice in Arabic and lists the corrections newest first, dated in Arabic', () => {
    const [notice] = notices(document);
    const heading = document.all('h2').find((h2) => h2.parent === notice);
    expect(heading && text(heading)).toBe('تصحيحات');
    // Arabic labels: nothing stands in, so nothing is marked English.
    expect(heading && getAttributeValue(heading, 'lang')).toBeUndefined();
    const items = document.all('li').filter((li) => li.parent?.parent === notice);
    expect(items.map(text)).toEqual([
      '29 نوفمبر 2024: The author’s name was misspelt.',
      `28 نوفمبر 2024: ${HOSTILE_REASON}`,
    ]);
    const times = items.map((item) => document.all('time').find((time) => time.parent === item));
    expect(times.map((time) => time && getAttributeValue(time, 'datetime'))).toEqual([
      '2024-11-29T16:40:00Z',
      '2024-11-28T08:15:00Z',
    ]);
    // The editor wrote in English: the reason reads in its own direction inside the Arabic page.
    const reasons = document.all('span').filter((span) => getAttributeValue(span, 'class') === 'reason');
    expect(reasons.map((span) => getAttributeValue(span, 'dir'))).toEqual(['auto', 'auto']);
  });

  it('carries both in its JSON-LD, oldest first, with dateModified at the newest', () => {
    const data = jsonLd(document);
    expect(data.correction).toEqual([
      { '@type': 'CorrectionComment', text: HOSTILE_REASON, datePublished: '2024-11-28T08:15:00Z' },
      {
        '@type': 'CorrectionComment',
        text: 'The author’s name was misspelt.',
        datePublished: '2024-11-29T16:40:00Z',
      },
    ]);
    expect(data.dateModified).toBe('2024-11-29T16:40:00Z');
  });

  it('lists both in the article json, oldest first, and never the editor’s id', () => {
    const rendered = renderArticleDocument(article, noNeighbours, urls);
    expect(JSON.parse(rendered).corrections).toEqual([
      { at: '2024-11-28T08:15:00Z', reason: HOSTILE_REASON, fields: ['title'] },
      { at: '2024-11-29T16:40:00Z', reason: 'The author’s name was misspelt.', fields: ['authors'] },
    ]);
    expect(rendered).not.toContain(EDITOR_ID);
    expect(source).not.toContain(EDITOR_ID);
  });
});

describe('an article in a language we have no words for', () => {
  it('marks our words as English inside the French page, and not the editor’s reason', () => {
    const french = corrected(sampleArticle({}, { ...english.content, language: 'fr', title: 'La fin' }), [
      correction('2024-11-28T08:15:00Z', 'Le titre était faux.', 3, ['title']),
    ]);
    const { document } = page(french);
    const [notice] = notices(document);
    const heading = document.all('h2').find((h2) => h2.parent === notice) as Element;
    expect(text(heading)).toBe('Correction');
    expect(getAttributeValue(heading, 'lang')).toBe('en');
    const time = document
      .all('time')
      .find((element) => getAttributeValue(element, 'datetime') === '2024-11-28T08:15:00Z');
    expect(time && getAttributeValue(time, 'lang')).toBe('en');
    const reason = document
      .all('span')
      .find((span) => getAttributeValue(span, 'class') === 'reason') as Element;
    expect(text(reason)).toBe('Le titre était faux.');
    expect(getAttributeValue(reason, 'lang')).toBeUndefined();
  });
});

/** xml-js parses strictly: a malformed document throws. */
function parseXml(xml: string) {
  // biome-ignore lint/suspicious/noExplicitAny: a parsed XML tree is walked by the assertions below
  return xml2js(xml, { compact: true }) as Record<string, any>;
}

describe('feed items of a corrected article', () => {
  const older = sampleArticle(
    { articleId: 'a0000000000000000003', slug: 'older' },
    {
      ...english.content,
      title: 'Older',
      publishedAt: '2024-11-26T09:00:00Z',
      updatedAt: '2024-11-26T09:00:00Z',
    },
  );
  const feeds = renderFeeds({
    scope: { kind: 'site' },
    title: site.title,
    description: site.description,
    language: 'en',
    articles: [corrected(english, [FIRST, SECOND]), older],
    urls,
    site,
  });

  it('date Atom updated and JSON Feed date_modified at the newest correction, the feed’s own updated too', () => {
    const atom = parseXml(feeds.atom).feed;
    expect(atom.updated._text).toBe('2024-11-29T16:40:00.000Z');
    expect(atom.entry[0].updated._text).toBe('2024-11-29T16:40:00.000Z');
    expect(atom.entry[0].published._text).toBe('2024-11-27T09:00:00.000Z');
    expect(atom.entry[1].updated._text).toBe('2024-11-26T09:00:00.000Z');
    const json = JSON.parse(feeds.json);
    expect(json.items[0].date_modified).toBe('2024-11-29T16:40:00.000Z');
    expect(json.items[0].date_published).toBe('2024-11-27T09:00:00.000Z');
  });

  it('keep RSS pubDate at the publication, and lastBuildDate at the correction', () => {
    const channel = parseXml(feeds.rss).rss.channel;
    expect(channel.item[0].pubDate._text).toBe('Wed, 27 Nov 2024 09:00:00 GMT');
    expect(channel.lastBuildDate._text).toBe('Fri, 29 Nov 2024 16:40:00 GMT');
  });

  it('leave no editor id in any format, and Universal Feed Parser reads them cleanly', () => {
    for (const document of [feeds.rss, feeds.atom, feeds.json]) expect(document).not.toContain(EDITOR_ID);
    for (const document of [feeds.rss, feeds.atom]) {
      expect(parseWithFeedparser(document)).toMatchObject({
        bozo: false,
        titles: ['Grain talks resume', 'Older'],
      });
    }
  });
});
