import type { Element } from 'domhandler';
import { getAttributeValue, textContent } from 'domutils';
import { describe, expect, it } from 'vitest';
import { renderArticlePage } from '../../shared/render/article-page';
import { renderIndexPage } from '../../shared/render/index-page';
import { SiteUrls } from '../../shared/render/site-urls';
import { HtmlDocument } from '../support/html-document';
import { sampleArticle } from '../support/sample-article';

const urls = new SiteUrls('https://news.example/');
const site = { title: 'News', description: 'Syndicated articles.', language: 'en' };
const agreement = { canonical: 'self', robots: 'index' } as const;
const noNeighbours = { previous: undefined, next: undefined };

const french = sampleArticle(
  { slug: 'la-fin' },
  {
    title: 'La fin du monde',
    language: 'fr',
    direction: 'ltr',
    publishedAt: '2024-11-27T09:00:00Z',
    authors: [{ name: 'Jeanne Martin' }, { name: 'Paul Durand' }],
  },
);
const arabic = sampleArticle(
  {},
  { publishedAt: '2024-11-27T09:00:00Z', authors: [{ name: 'عبد الله جمال' }, { name: 'سارة علي' }] },
);

function byClass(page: HtmlDocument, tag: string, name: string): Element {
  const element = page.all(tag).find((candidate) => getAttributeValue(candidate, 'class') === name);
  if (!element) throw new Error(`no ${tag}.${name}`);
  return element;
}

function text(element: Element): string {
  return textContent(element).replace(/\s+/g, ' ').trim();
}

describe('one language per page', () => {
  it('writes an article without labels of its language in English throughout, dates and lists included, and says so', () => {
    const page = new HtmlDocument(
      renderArticlePage({ article: french, neighbours: noNeighbours, agreement, urls, site }),
    );
    expect(page.attribute('html', 'lang')).toBe('fr');
    const byline = byClass(page, 'p', 'byline');
    expect(getAttributeValue(byline, 'lang')).toBe('en');
    expect(text(byline)).toBe('By Jeanne Martin and Paul Durand · November 27, 2024');
    const attribution = byClass(page, 'aside', 'attribution');
    expect(getAttributeValue(attribution, 'lang')).toBe('en');
    expect(text(attribution)).toContain('Author: Jeanne Martin and Paul Durand');
  });

  it('writes an Arabic article in Arabic throughout, with no stand-in marks', () => {
    const page = new HtmlDocument(
      renderArticlePage({ article: arabic, neighbours: noNeighbours, agreement, urls, site }),
    );
    const byline = byClass(page, 'p', 'byline');
    expect(getAttributeValue(byline, 'lang')).toBeUndefined();
    const words = text(byline);
    expect(words.startsWith('بقلم عبد الله جمال و')).toBe(true);
    // The month in Arabic, not "November": the date follows the labels.
    expect(words).toContain('نوفمبر');
    expect(words).not.toMatch(/November|and/);
  });

  it('titles the language feed with the language’s name, not its tag', () => {
    const page = new HtmlDocument(
      renderArticlePage({ article: arabic, neighbours: noNeighbours, agreement, urls, site }),
    );
    const titles = page.all('link').flatMap((link) => getAttributeValue(link, 'title') ?? []);
    expect(titles).toContain('News: Arabic (RSS)');
    expect(titles.join(' ')).not.toContain('(ar)');
  });

  it('dates index entries in the site’s words, marking them inside an entry of another language', () => {
    const page = new HtmlDocument(renderIndexPage([french, arabic], urls, site));
    const times = page.all('time');
    expect(times.map((time) => text(time))).toEqual(['November 27, 2024', 'November 27, 2024']);
    expect(times.map((time) => getAttributeValue(time, 'lang'))).toEqual(['en', 'en']);
    expect(text(page.all('li')[0] as Element)).toContain('Jeanne Martin and Paul Durand');
  });

  it('says there is nothing yet on an empty index, in the site’s language', () => {
    const english = new HtmlDocument(renderIndexPage([], urls, site));
    expect(english.texts('p')).toContain('No articles have been published yet.');
    expect(english.all('ol')).toEqual([]);
    const arabicSite = new HtmlDocument(renderIndexPage([], urls, { ...site, language: 'ar' }));
    expect(arabicSite.texts('p')).toContain('لم يُنشر أي مقال بعد.');
    expect(arabicSite.attribute('html', 'dir')).toBe('rtl');
  });
});
