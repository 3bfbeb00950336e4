import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { siteFurniture } from '../../shared/publish/site-furniture';
import { renderFaviconIco } from '../../shared/render/favicon-ico';
import { languageFeedTitle, languageName } from '../../shared/render/feed-titles';
import { SiteUrls } from '../../shared/render/site-urls';
import { HtmlDocument } from '../support/html-document';

const urls = new SiteUrls('https://news.example');
const english = { title: 'Syndicated articles', description: 'Partner articles.', language: 'en' };
const arabic = { ...english, language: 'ar' };

/** The one image of an ICO file, read as the format says: ICONDIR, ICONDIRENTRY, then the image. */
function readIco(bytes: Uint8Array) {
  const ico = Buffer.from(bytes);
  const offset = ico.readUInt32LE(18);
  const size = ico.readUInt32LE(14);
  return {
    reserved: ico.readUInt16LE(0),
    type: ico.readUInt16LE(2),
    count: ico.readUInt16LE(4),
    width: ico.readUInt8(6),
    height: ico.readUInt8(7),
    bitsPerPixel: ico.readUInt16LE(12),
    image: ico.subarray(offset, offset + size),
    endsWithImage: offset + size === ico.length,
  };
}

/** The RGBA pixels of a PNG whose scanlines use filter 0, as the encoder writes them. */
function pixelsOf(png: Buffer): { width: number; height: number; at: (x: number, y: number) => number[] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const stride = width * 4 + 1;
  return {
    width,
    height,
    at: (x, y) => {
      expect(raw[y * stride]).toBe(0);
      const start = y * stride + 1 + x * 4;
      return [...raw.subarray(start, start + 4)];
    },
  };
}

describe('favicon.ico', () => {
  it('is one 32×32 PNG in an ICO container: the SVG icon, blue with a white feed glyph', () => {
    const ico = readIco(renderFaviconIco());
    expect(ico).toMatchObject({ reserved: 0, type: 1, count: 1, width: 32, height: 32, bitsPerPixel: 32 });
    expect(ico.endsWithImage).toBe(true);
    expect([...ico.image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const pixels = pixelsOf(ico.image);
    expect([pixels.width, pixels.height]).toEqual([32, 32]);
    expect(pixels.at(0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixels.at(28, 4)).toEqual([0x0b, 0x57, 0xd0, 255]);
    expect(pixels.at(17, 14)).toEqual([255, 255, 255, 255]);
  });
});

describe('the site furniture', () => {
  it('is the stylesheet, both icons, the 404 page, robots.txt and the pages sitemap, with their media types', () => {
    expect(siteFurniture(urls, english).map(({ key, contentType }) => [key, contentType])).toEqual([
      ['assets/site.css', 'text/css; charset=utf-8'],
      ['assets/favicon.svg', 'image/svg+xml; charset=utf-8'],
      ['favicon.ico', 'image/x-icon'],
      ['404.html', 'text/html; charset=utf-8'],
      ['robots.txt', 'text/plain; charset=utf-8'],
      ['sitemap-pages.xml', 'application/xml; charset=utf-8'],
    ]);
  });

  it('words the 404 page in the site’s language where it has the words, else English throughout', () => {
    const page = (language: string) => {
      const notFound = siteFurniture(urls, { ...english, language }).find(({ key }) => key === '404.html');
      return new HtmlDocument(String(notFound?.body));
    };
    expect(page('ar').attribute('html', 'lang')).toBe('ar');
    expect(page('ar').attribute('html', 'dir')).toBe('rtl');
    expect(page('ar').texts('h1')).toEqual(['الصفحة غير موجودة']);
    // No French words: an English page says so, rather than claiming to be French.
    expect(page('fr').attribute('html', 'lang')).toBe('en');
    expect(page('fr').texts('h1')).toEqual(['Page not found']);
  });
});

describe('language feed titles', () => {
  it('name the language in the site’s language', () => {
    expect(languageFeedTitle(english, 'ar').title).toBe('Syndicated articles: Arabic');
    expect(languageFeedTitle(arabic, 'en').title).toBe('Syndicated articles: الإنجليزية');
    expect(languageName('fa', 'en')).toBe('Persian');
  });

  it('fall back to the tag for a language the runtime has no name for', () => {
    expect(languageName('qaa', 'en')).toBe('qaa');
  });
});
