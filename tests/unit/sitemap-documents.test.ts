import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { SitemapEntry } from '../../shared/domain/sitemap';
import { SiteUrls } from '../../shared/render/site-urls';
import {
  newsLanguage,
  renderArticleSitemap,
  renderNewsSitemap,
  renderPagesSitemap,
  renderRobotsTxt,
  renderSitemapIndex,
} from '../../shared/render/sitemap-documents';
import { inlineText } from '../../shared/text/markup';
import { sitemapSchemaErrors } from '../support/sitemap-schemas';

const urls = new SiteUrls('https://news.example/');
const site = { title: 'News & <Views>', description: 'd', language: 'en' };

const entry = (n: number, overrides: Partial<SitemapEntry> = {}): SitemapEntry => ({
  key: `2026-11-29T10:00:0${n}.000Z#a${n}`,
  articleId: `a${n}`,
  slug: `article-${n}`,
  lastmod: '2026-11-29T11:00:00.000Z',
  publishedAt: '2026-11-29T12:00:00+02:00',
  title: inlineText(`Title ${n}: "quotes" & <angle> 'apostrophes'`),
  language: 'en',
  ...overrides,
});

const texts = (document: string, tag: string) =>
  [...new DOMParser().parseFromString(document, 'text/xml').getElementsByTagName(tag)].map(
    (element) => element.textContent,
  );

describe('sitemap documents', () => {
  it('the validator refuses what the schemas refuse: an empty URL set, a news entry without its title', async () => {
    expect(await sitemapSchemaErrors(renderArticleSitemap([], urls), 'urlset')).not.toEqual([]);
    const news = renderNewsSitemap([entry(1)], urls, site).replace(/<news:title>.*<\/news:title>\n/, '');
    expect(await sitemapSchemaErrors(news, 'news')).not.toEqual([]);
  });

  it('renders an article shard valid against sitemap.xsd, every URL with its lastmod, text escaped', async () => {
    const document = renderArticleSitemap([entry(1), entry(2)], urls);
    expect(await sitemapSchemaErrors(document, 'urlset')).toEqual([]);
    expect(texts(document, 'loc')).toEqual([
      'https://news.example/articles/article-1.html',
      'https://news.example/articles/article-2.html',
    ]);
    expect(texts(document, 'lastmod')).toEqual(['2026-11-29T11:00:00.000Z', '2026-11-29T11:00:00.000Z']);
  });

  it('renders the index valid against siteindex.xsd, and the pages sitemap against sitemap.xsd', async () => {
    const index = renderSitemapIndex([
      { url: 'https://news.example/sitemap-pages.xml' },
      { url: 'https://news.example/sitemap-articles-1.xml', lastmod: '2026-11-29T11:00:00+01:00' },
    ]);
    expect(await sitemapSchemaErrors(index, 'index')).toEqual([]);
    expect(texts(index, 'lastmod')).toEqual(['2026-11-29T10:00:00.000Z']);
    const pages = renderPagesSitemap(urls);
    expect(await sitemapSchemaErrors(pages, 'urlset')).toEqual([]);
    expect(texts(pages, 'loc')).toEqual(['https://news.example/']);
  });

  it('renders the news sitemap valid against sitemap.xsd with sitemap-news.xsd, whatever the text and language', async () => {
    const document = renderNewsSitemap(
      [entry(1), entry(2, { language: 'zh-Hant' }), entry(3, { language: 'ar' })],
      urls,
      site,
    );
    expect(await sitemapSchemaErrors(document, 'news')).toEqual([]);
    expect(texts(document, 'news:name')).toEqual([site.title, site.title, site.title]);
    expect(texts(document, 'news:language')).toEqual(['en', 'zh-tw', 'ar']);
    expect(texts(document, 'news:title')[0]).toBe(`Title 1: "quotes" & <angle> 'apostrophes'`);
    expect(texts(document, 'news:publication_date')[0]).toBe('2026-11-29T10:00:00.000Z');
  });

  it('lists the home page alone, still valid, when no article is two days old or less', async () => {
    const document = renderNewsSitemap([], urls, site);
    expect(await sitemapSchemaErrors(document, 'news')).toEqual([]);
    expect(texts(document, 'loc')).toEqual(['https://news.example/']);
    expect(texts(document, 'news:news')).toEqual([]);
  });

  it('names Google News languages as it asks: ISO 639 codes, zh-cn or zh-tw for Chinese', () => {
    expect(
      ['en', 'ar', 'fil', 'zh', 'zh-Hans', 'zh-Hant', 'pt-BR'].map((tag) => newsLanguage(tag, 'en')),
    ).toEqual(['en', 'ar', 'fil', 'zh-cn', 'zh-cn', 'zh-tw', 'pt']);
  });

  it('names both sitemaps in robots.txt, by absolute URL', () => {
    const lines = renderRobotsTxt(urls).split('\n');
    expect(lines.filter((line) => line.startsWith('Sitemap: '))).toEqual([
      'Sitemap: https://news.example/sitemap.xml',
      'Sitemap: https://news.example/sitemap-news.xml',
    ]);
    expect(lines).toContain('User-agent: *');
  });
});
