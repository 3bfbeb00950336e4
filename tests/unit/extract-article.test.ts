import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleFromPage, MAX_PAGE_ELEMENTS } from '../../shared/clean/extract-article';
import { htmlToText } from '../../shared/clean/sanitise-html';
import type { Partner } from '../../shared/config/partner-registry-schema';
import { ValidationError } from '../../shared/errors/http-errors';
import type { ArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { detectLanguage } from '../../shared/text/language';
import { executableParts } from '../support/executable-html';
import { bodyTextScore } from '../support/shingle-score';
import { testPartners } from '../support/test-partners';
import {
  ARABIC_CHROME,
  ARABIC_PARAGRAPHS,
  corpusPages,
  ENGLISH_PARAGRAPHS,
  themePage,
} from '../support/whole-pages';

const partner = (await testPartners().getPartner('other-outlet')) as Partner;

function deliver(contentHtml: string, title: string, extra: Partial<ArticlePayload> = {}) {
  const payload: ArticlePayload = {
    externalId: 'page-1',
    url: 'https://other.example/news/page-1',
    title,
    publishedAt: '2024-11-28T10:00:00Z',
    contentHtml,
    ...extra,
  };
  const content = normaliseArticle(payload, partner);
  return { content, bodyText: htmlToText(content.bodyHtml).replace(/\s+/g, ' ').trim() };
}

function refusal(run: () => unknown): { pointer?: string; message?: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors[0] ?? {};
  }
  throw new Error('expected a refusal');
}

const ENGLISH_TITLE = 'Grain corridor talks resume in Istanbul';

describe('whole pages of the benchmark corpus', () => {
  it.each(corpusPages().map((page) => [page.name, page] as const))(
    '%s: the stored body is the article, without the page title or site name',
    (_name, page) => {
      const { content, bodyText } = deliver(page.html, page.title, { url: page.url });
      // The corpus's own measure; Readability alone scores 0.98-1.00 on these pages.
      expect(bodyTextScore(page.articleBody, bodyText).f1).toBeGreaterThan(0.95);
      expect(content.title).toBe(page.title);
      const pageTitle = articleFromPage(page.html, page.title).pageTitle ?? '';
      expect(pageTitle).not.toBe('');
      expect(bodyText).not.toContain(pageTitle);
      expect(content.summary).not.toContain(pageTitle);
      expect(content.summary.startsWith(page.title)).toBe(false);
    },
  );
});

describe('a theme page of our own making', () => {
  it('keeps the article and leaves the menu, comment form, sidebar, footer and <title> behind', () => {
    const page = themePage({
      title: ENGLISH_TITLE,
      siteName: 'Example Media',
      paragraphs: ENGLISH_PARAGRAPHS,
    });
    const { content, bodyText } = deliver(page, ENGLISH_TITLE);
    expect(bodyText).toBe(ENGLISH_PARAGRAPHS.join(' '));
    expect(content.summary.startsWith('Negotiators from both countries')).toBe(true);
    expect(content.title).toBe(ENGLISH_TITLE);
    expect(content.direction).toBe('ltr');
    expect(content.language).toBe('en');
  });

  it('keeps an article that sits inside an ASP.NET <form>', () => {
    const page = themePage({
      title: ENGLISH_TITLE,
      siteName: 'Example Media',
      paragraphs: ENGLISH_PARAGRAPHS,
      inForm: true,
    });
    const { bodyText } = deliver(page, ENGLISH_TITLE);
    expect(bodyText).toBe(ENGLISH_PARAGRAPHS.join(' '));
  });

  it('keeps dir="rtl" declared on <html> and files the Arabic article under ar', () => {
    const title = 'استئناف محادثات ممر الحبوب في إسطنبول';
    const page = themePage({
      title,
      siteName: 'شبكة المثال',
      paragraphs: ARABIC_PARAGRAPHS,
      htmlAttributes: 'lang="ar-EG" dir="rtl"',
      chrome: ARABIC_CHROME,
    });
    const { content, bodyText } = deliver(page, title);
    expect(bodyText).toBe(ARABIC_PARAGRAPHS.join(' '));
    expect(content.direction).toBe('rtl');
    expect(content.language).toBe('ar');
  });

  it('lets a declared direction win over the one the detected language implies', () => {
    // A transliterated page in Latin script on a right-to-left site: detection says English.
    const page = themePage({
      title: ENGLISH_TITLE,
      siteName: 'Example Media',
      paragraphs: ENGLISH_PARAGRAPHS,
      htmlAttributes: 'dir="rtl"',
    });
    const { content } = deliver(page, ENGLISH_TITLE);
    expect(content.language).toBe('en');
    expect(content.direction).toBe('rtl');
  });

  it('stores a declared regional tag as the language alone, and a partner language still wins', () => {
    const page = themePage({
      title: ENGLISH_TITLE,
      siteName: 'Example Media',
      paragraphs: ENGLISH_PARAGRAPHS,
      htmlAttributes: 'lang="en-GB"',
    });
    expect(deliver(page, ENGLISH_TITLE).content.language).toBe('en');
    expect(deliver(page, ENGLISH_TITLE, { language: 'fr' }).content.language).toBe('fr');
  });

  it('drops a leading heading that repeats the delivered title', () => {
    const page = `<html><body><main><h2>${ENGLISH_TITLE}</h2>${ENGLISH_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}<h2>What comes next</h2><p>${ENGLISH_PARAGRAPHS[0]}</p></main></body></html>`;
    const { content } = deliver(page, ENGLISH_TITLE);
    expect(content.bodyHtml).not.toContain(ENGLISH_TITLE);
    expect(content.bodyHtml).toContain('<h2>What comes next</h2>');
  });
});

describe('fragments', () => {
  it('keep today’s path: a fragment is not sent through the extractor', () => {
    const fragment = `<h2>Background</h2><p>${ENGLISH_PARAGRAPHS[0]}</p>`;
    expect(articleFromPage(fragment, ENGLISH_TITLE)).toEqual({ html: fragment, extracted: false });
  });
});

describe('refusals (422 on /data/contentHtml)', () => {
  it('refuses a page with no article', () => {
    const page = `<!DOCTYPE html><html><head><title>${ENGLISH_TITLE}</title></head><body><script>render()</script></body></html>`;
    expect(refusal(() => deliver(page, ENGLISH_TITLE))).toEqual({
      pointer: '/data/contentHtml',
      message: 'holds no article',
    });
  });

  it.each([
    ['a teaser', '<html><body><article><p>Read the full story on our site.</p></article></body></html>'],
    ['only a menu', '<html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav></body></html>'],
    [
      'only a comment form',
      '<html><body><div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div></body></html>',
    ],
  ])('refuses a page whose article is less than a paragraph once cleaned: %s', (_name, page) => {
    expect(refusal(() => deliver(page, ENGLISH_TITLE))).toEqual({
      pointer: '/data/contentHtml',
      // Which rule speaks depends on how much is left; each is a 422 on the page.
      message: expect.stringMatching(
        /^(holds no article|holds less than a paragraph of article text|has no article text after cleaning)$/,
      ),
    });
  });

  it('refuses a page with more elements than extraction may take, before building it', () => {
    const page = `<html><body><p>${'<b>x</b>'.repeat(MAX_PAGE_ELEMENTS)}</p></body></html>`;
    expect(refusal(() => deliver(page, ENGLISH_TITLE))).toEqual({
      pointer: '/data/contentHtml',
      message: `must not have more than ${MAX_PAGE_ELEMENTS} elements`,
    });
  });
  it('counts comments like elements, so a page of them is refused before it is built', () => {
    const page = `${'<!---->'.repeat(74_000)}<html><body><p>x</p></body></html>`;
    expect(refusal(() => deliver(page, ENGLISH_TITLE))).toEqual({
      pointer: '/data/contentHtml',
      message: `must not have more than ${MAX_PAGE_ELEMENTS} elements`,
    });
  });

  it('moves thousands of stray nodes before <html> into the body, each once', () => {
    const article = `<article><h1>${ENGLISH_TITLE}</h1>${'<p>Negotiators met again on Thursday to discuss the corridor and the ships waiting to leave port.</p>'.repeat(3)}</article>`;
    const strays = '<!---->'.repeat(MAX_PAGE_ELEMENTS - 100);
    const { bodyText } = deliver(`${strays}<html><body>${article}</body></html>`, ENGLISH_TITLE);
    expect(bodyText).toContain('Negotiators met again on Thursday');
  });
});

describe('language detection', () => {
  it('reads an indented page by its words, not by its first 4,000 characters of indentation', () => {
    const indented = `${' '.repeat(5000)}\n${ARABIC_PARAGRAPHS.join(`\n${' '.repeat(400)}`)}`;
    expect(detectLanguage(indented)).toBe('ar');
  });

  it('takes a declared language when the text is too short to judge, and overrules it on clear evidence', () => {
    expect(detectLanguage('Kurz.', 'en', 'de')).toBe('de');
    expect(detectLanguage(ENGLISH_PARAGRAPHS.join(' '), 'en', 'ar')).toBe('en');
    expect(detectLanguage(ENGLISH_PARAGRAPHS.join(' '), 'en', 'en')).toBe('en');
  });
});

/** Markup a browser would run, in the places a page puts it. */
const EXECUTABLE_PIECES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="JaVaScRiPt&colon;alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="x.swf"></object>',
  '<embed src="x.swf">',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<math><mtext><script>alert(1)</script></mtext></math>',
  '<div onclick="alert(1)"><p>Click the paragraph to read more of this story and others like it today.</p></div>',
  '<noscript><img src=x onerror=alert(1)></noscript>',
  '<template><script>alert(1)</script></template>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<form action="/steal"><p>A paragraph inside a form that is long enough to count as article text for the page.</p><button formaction="javascript:alert(1)">Go</button></form>',
  '<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"<img src=x onerror=alert(1)>"}</script>',
  '</article><article>',
  '<body onload=alert(1)>',
];

describe('extraction never yields executable markup (property-based)', () => {
  const piece = fc.oneof(
    fc.constantFrom(...EXECUTABLE_PIECES),
    fc.constantFrom(...ENGLISH_PARAGRAPHS.map((p) => `<p>${p}</p>`)),
    fc.string(),
  );
  const page = fc
    .record({
      head: fc.array(piece, { maxLength: 4 }),
      before: fc.array(piece, { maxLength: 6 }),
      article: fc.array(piece, { maxLength: 8 }),
      after: fc.array(piece, { maxLength: 6 }),
      inForm: fc.boolean(),
    })
    .map(({ head, before, article, after, inForm }) => {
      const body = `${before.join('')}<article>${ENGLISH_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}${article.join('')}</article>${after.join('')}`;
      return `<!DOCTYPE html><html><head><title>T</title>${head.join('')}</head><body>${inForm ? `<form>${body}</form>` : body}</body></html>`;
    });

  it('stores a body with nothing a browser would run, or refuses the page with 422', () => {
    fc.assert(
      fc.property(page, (html) => {
        try {
          expect(executableParts(deliver(html, ENGLISH_TITLE).content.bodyHtml)).toEqual([]);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }),
      { numRuns: 150 },
    );
  });
});
