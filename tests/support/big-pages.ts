import { MAX_PAGE_ELEMENTS } from '../../shared/clean/extract-article';
import { ENGLISH_PARAGRAPHS, themePage } from './whole-pages';

/** CONTRACT §1: the largest whole page `contentHtml` may hold. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** CONTRACT §1: the largest fragment, and the largest `contentText`. */
export const MAX_FRAGMENT_BYTES = 512 * 1024;

export const BIG_PAGE_TITLE = 'Grain corridor talks resume in Istanbul';

/** Sidebar prose that must never reach the body: a sentence no article paragraph holds. */
export const SIDEBAR_SENTENCE = 'Readers also enjoyed our guide to the best gardening tools of the season. ';

/**
 * A theme page holding the article and, in a handful of sidebar widgets, enough prose to make the
 * page `bytes` UTF-8 bytes long (ASCII, so characters are bytes): few elements, much text.
 */
export function pageWithLongSidebar(bytes: number): string {
  const page = themePage({
    title: BIG_PAGE_TITLE,
    siteName: 'Example Media',
    paragraphs: ENGLISH_PARAGRAPHS,
  });
  const widget = (text: string) => `<aside class="widget widget_recent_entries"><p>${text}</p></aside>`;
  const room = bytes - Buffer.byteLength(page) - 4 * Buffer.byteLength(widget(''));
  const sentences = SIDEBAR_SENTENCE.repeat(Math.ceil(room / 4 / SIDEBAR_SENTENCE.length) + 1);
  const text = sentences.slice(0, Math.floor(room / 4));
  const widgets = Array.from({ length: 4 }, () => widget(text)).join('');
  const full = page.replace('</body>', `${widgets}</body>`);
  return full + ' '.repeat(Math.max(0, bytes - Buffer.byteLength(full)));
}

/**
 * A theme page with the article and a sidebar list of links that brings the page to just under
 * {@link MAX_PAGE_ELEMENTS} elements: the most a page may cost the extractor, at about `bytes`.
 */
export function pageWithManyElements(bytes: number, spare = 200): string {
  const page = themePage({
    title: BIG_PAGE_TITLE,
    siteName: 'Example Media',
    paragraphs: ENGLISH_PARAGRAPHS,
  });
  // Each item opens two elements: <li> and <a>.
  const items = Math.floor((MAX_PAGE_ELEMENTS - spare) / 2);
  const padding = Math.max(1, Math.floor((bytes - Buffer.byteLength(page)) / items) - 40);
  const label = 'x'.repeat(padding);
  const list = `<aside class="widget"><ul>${Array.from(
    { length: items },
    (_, index) => `<li><a href="/p/${index}">${label}</a></li>`,
  ).join('')}</ul></aside>`;
  return page.replace('</body>', `${list}</body>`);
}

/** A fragment (no document tags) of `bytes` bytes: paragraphs of article prose. */
export function fragmentOf(bytes: number): string {
  const paragraph = `<p>${ENGLISH_PARAGRAPHS.join(' ')}</p>`;
  const body = paragraph.repeat(Math.ceil(bytes / paragraph.length));
  return body.slice(0, bytes);
}
