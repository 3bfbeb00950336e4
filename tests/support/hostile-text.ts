import fc from 'fast-check';
import { checkArticlePayload } from '../../shared/ingest/delivery-schema';
import { inlineText } from '../../shared/text/markup';
import type { ExpectedText } from './text-expectations';

/**
 * Pieces of text that break naive escaping: markup and entities as text, CDATA's end, quotes,
 * bidi controls, emoji sequences, combining marks, and characters XML forbids.
 */
export const HOSTILE_PIECES = [
  '<',
  '&',
  '>',
  ']]>',
  '"',
  "'",
  '&amp;',
  '&lt;b&gt;',
  '&#x26;',
  '&#60;script&#62;',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</p>',
  'javascript:alert(1)',
  'Q&A',
  '\u202E\u2067', // right-to-left override, right-to-left isolate
  '\u200F\u200E', // right-to-left and left-to-right marks
  '😀',
  '👩‍👩‍👧',
  'e\u0301', // decomposed é: stored as NFC
  'عربي',
  '\u0000\u0008\u000B\uFFFE\uD800', // forbidden in XML: removed
  '\u0085\u009F', // C1 controls: removed
  ' \t ',
  '\u00A0',
];

/** Arbitrary Unicode mixed with the hostile pieces. */
export const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));

/** Hostile text that still has something to say once tidied. */
const sayingSomething = hostileText.filter((text) => inlineText(text).length > 0);

/** The text fields of one article, as a partner might send them. */
export interface HostileArticle {
  title: string;
  summary: string;
  authors: string[];
  categories: string[];
  /** Lines of `contentText`. */
  body: string[];
  language: 'en' | 'ar' | 'de';
}

/** Articles whose every text field is hostile, limited to what the webhook's schema accepts. */
export const hostileArticle: fc.Arbitrary<HostileArticle> = fc
  .record({
    title: sayingSomething,
    summary: sayingSomething,
    authors: fc.array(hostileText, { maxLength: 3 }),
    categories: fc.array(hostileText, { maxLength: 3 }),
    body: fc.array(hostileText, { minLength: 1, maxLength: 4 }),
    language: fc.constantFrom('en' as const, 'ar' as const, 'de' as const),
  })
  .filter(
    (article) =>
      checkArticlePayload(payloadOf(article, 'filter', '2024-01-01T00:00:00Z'), new Date()).success,
  );

/** The webhook's `data` for a hostile article; the body starts with a plain line, so it is never empty. */
export function payloadOf(article: HostileArticle, externalId: string, publishedAt: string) {
  return {
    externalId,
    url: `https://partner.example/news/${externalId}`,
    title: article.title,
    summary: article.summary,
    author: article.authors,
    categories: article.categories,
    contentText: ['Body', ...article.body].join('\n'),
    language: article.language,
    publishedAt,
  };
}

/** What each field reads as once stored: the documented normalisation (no forbidden characters, NFC, white space tidied). */
export function expectedText(article: HostileArticle): ExpectedText {
  return {
    title: inlineText(article.title),
    summary: inlineText(article.summary),
    authors: [...new Set(article.authors.map(inlineText).filter(Boolean))],
    categories: [...new Set(article.categories.map(inlineText).filter(Boolean))],
    // Every line a paragraph or heading, as `contentText` becomes HTML.
    body: ['Body', ...article.body]
      .join('\n')
      .split(/\r\n|\r|\n/)
      .map(inlineText)
      .filter(Boolean),
  };
}
