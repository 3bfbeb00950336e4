import type { Element } from 'domhandler';
import { getAttributeValue } from 'domutils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitiseArticleHtml } from '../../shared/clean/sanitise-html';
import { feedBytes, feedExcerpt } from '../../shared/render/feed-excerpt';
import { feedItemHtml } from '../../shared/render/feed-item-html';
import { escapeText, type SafeHtml, trustedHtml } from '../../shared/text/markup';
import { hostileText } from '../support/hostile-text';
import { closesWhatItOpens, innermostBlockTexts } from '../support/html-blocks';
import { HtmlDocument } from '../support/html-document';
import { sampleArticle } from '../support/sample-article';

const BASE = 'https://partner.example/2024/11/story/';
const paragraphs = (count: number, words = 40) =>
  Array.from(
    { length: count },
    (_, index) => `<p>Paragraph ${index}: ${'word & <more> '.repeat(words).trim()}</p>`,
  );

describe('a feed item excerpt', () => {
  it('is the whole body when the body fits', () => {
    const body = trustedHtml('<p>Short &amp; sweet.</p><ul><li>one</li></ul>');
    expect(feedExcerpt(body, 1024)).toEqual({ html: body, whole: true });
  });

  it('ends after the last whole paragraph that fits, as a prefix of the body', () => {
    const blocks = paragraphs(200);
    const body = sanitiseArticleHtml(blocks.join('\n'), BASE);
    const budget = 4096;
    const excerpt = feedExcerpt(body, budget);

    expect(excerpt.whole).toBe(false);
    expect(body.startsWith(excerpt.html)).toBe(true);
    expect(excerpt.html.endsWith('</p>')).toBe(true);
    expect(feedBytes(excerpt.html)).toBeLessThanOrEqual(budget);
    const kept = innermostBlockTexts(excerpt.html);
    expect(kept.length).toBeGreaterThan(0);
    expect(innermostBlockTexts(body).slice(0, kept.length)).toEqual(kept);
    // The next paragraph would not have fitted: nothing was given away.
    const next = body.slice(excerpt.html.length).match(/^\s*<p>.*?<\/p>/s)?.[0] ?? '';
    expect(feedBytes(excerpt.html + next)).toBeGreaterThan(budget);
  });

  it('counts markup at its escaped size, so a body of tags is cut as short as its feed form', () => {
    const body = sanitiseArticleHtml(`<p>${'<b>x</b>'.repeat(5000)}</p>`.repeat(4), BASE);
    const excerpt = feedExcerpt(body, 16 * 1024);
    // Each paragraph is 35 KB once escaped: not even one fits.
    expect(excerpt).toEqual({ html: '', whole: false });
  });

  it('cuts inside a list, quote or table and closes what is open there', () => {
    const items = Array.from({ length: 300 }, (_, index) => `<li>Item ${index} of a long list</li>`).join('');
    const rows = Array.from({ length: 300 }, (_, index) => `<tr><td>${index}</td><td>cell</td></tr>`).join(
      '',
    );
    for (const source of [
      `<p>Intro.</p><ul>${items}</ul><p>After.</p>`,
      `<blockquote>${paragraphs(100).join('')}</blockquote>`,
      `<table><tbody>${rows}</tbody></table>`,
    ]) {
      const body = sanitiseArticleHtml(source, BASE);
      const excerpt = feedExcerpt(body, 2048);
      expect(excerpt.whole).toBe(false);
      expect(closesWhatItOpens(excerpt.html)).toBe(true);
      expect(feedBytes(excerpt.html)).toBeLessThanOrEqual(2048);
      const kept = innermostBlockTexts(excerpt.html);
      expect(kept.length).toBeGreaterThan(1);
      expect(innermostBlockTexts(body).slice(0, kept.length)).toEqual(kept);
    }
  });

  it('ends at a line break when not even one block fits, and is empty when there is none', () => {
    const lines = Array.from({ length: 2000 }, (_, index) => `line ${index}`).join('<br>');
    const excerpt = feedExcerpt(sanitiseArticleHtml(`<p>${lines}</p>`, BASE), 1024);
    expect(excerpt.html).toMatch(/^<p>line 0<br \/>.*<br \/><\/p>$/s);
    expect(closesWhatItOpens(excerpt.html)).toBe(true);
    expect(feedBytes(excerpt.html)).toBeLessThanOrEqual(1024);

    const unbroken = sanitiseArticleHtml(`<p>${'word '.repeat(10_000)}</p>`, BASE);
    expect(feedExcerpt(unbroken, 1024)).toEqual({ html: '', whole: false });
  });

  it('fits the budget in every feed format: XML-escaped and JSON-escaped', () => {
    const body = sanitiseArticleHtml(
      paragraphs(100)
        .map((block, index) => (index % 2 ? block.replace('word', '"quoted" \\ \n عربي 😀') : block))
        .join(''),
      BASE,
    );
    const budget = 3000;
    const excerpt = feedExcerpt(body, budget);
    const xmlEscaped = excerpt.html.replace(/[&<>]/g, (char) => `&#x${char.charCodeAt(0).toString(16)};`);
    expect(Buffer.byteLength(xmlEscaped)).toBeLessThanOrEqual(budget);
    expect(Buffer.byteLength(JSON.stringify(excerpt.html))).toBeLessThanOrEqual(budget + 2);
  });

  it('of any body and any budget, closes what it opens, fits, and is a prefix of the body’s blocks (property-based)', () => {
    const block = fc.oneof(
      hostileText.map((text) => `<p>${escapeText(text)}</p>`),
      hostileText.map((text) => `<h2>${escapeText(text)}</h2>`),
      fc
        .array(hostileText, { minLength: 1, maxLength: 8 })
        .map((texts) => `<ul>${texts.map((text) => `<li>${escapeText(text)}</li>`).join('')}</ul>`),
      fc
        .array(hostileText, { minLength: 1, maxLength: 4 })
        .map(
          (texts) =>
            `<blockquote>${texts.map((text) => `<p><em>${escapeText(text)}</em></p>`).join('')}</blockquote>`,
        ),
      fc.constant('<hr>'),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 40 }), fc.integer({ min: 0, max: 4000 }), (blocks, budget) => {
        const body: SafeHtml = sanitiseArticleHtml(blocks.join('\n'), BASE);
        const excerpt = feedExcerpt(body, budget);
        if (excerpt.whole) {
          expect(excerpt.html).toBe(body);
          expect(feedBytes(body)).toBeLessThanOrEqual(budget);
          return;
        }
        expect(feedBytes(excerpt.html)).toBeLessThanOrEqual(budget);
        expect(closesWhatItOpens(excerpt.html)).toBe(true);
        const kept = innermostBlockTexts(excerpt.html);
        expect(innermostBlockTexts(body).slice(0, kept.length)).toEqual(kept);
      }),
      { numRuns: 300 },
    );
  });
});

describe('feedBytes and the whole-body check', () => {
  /** The weight of each character, written out one rule at a time: what feedBytes must equal. */
  function referenceBytes(text: string): number {
    let bytes = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 0x3c || code === 0x3e || code === 0x26) bytes += 6;
      else if (code === 0x0d) bytes += 5;
      else if (code === 0x22 || code === 0x5c || code === 0x0a || code === 0x09) bytes += 2;
      else if (code < 0x20) bytes += 6;
      else if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
      else bytes += 3;
    }
    return bytes;
  }
  const anyText = fc.oneof(
    hostileText,
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .array(
        fc.constantFrom(
          '\uD83D',
          '\uDE00',
          '\uD83D\uDE00',
          '\u0001',
          '\r\n',
          '\t',
          '"',
          '\\',
          '<p>',
          '&',
          'é',
          'عربي',
        ),
        {
          maxLength: 20,
        },
      )
      .map((pieces) => pieces.join('')),
  );

  it('counts every character at its longest escape, whatever the text (property-based)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(feedBytes(text)).toBe(referenceBytes(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a body whole exactly when all of it fits the budget, lone surrogates included (property-based)', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: -8, max: 8 }), (text, slack) => {
        const budget = Math.max(0, referenceBytes(text) + slack);
        const fits = text.length <= budget && referenceBytes(text) <= budget;
        expect(feedExcerpt(trustedHtml(text), budget).whole).toBe(fits);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a feed item’s HTML', () => {
  const page = 'https://news.example/articles/story.html';

  it('is the whole body and the credit line when the body fits, with no link to the page', () => {
    const { content } = sampleArticle();
    const item = feedItemHtml(content, page, 16 * 1024);
    expect(item.startsWith(content.bodyHtml)).toBe(true);
    expect(new HtmlDocument(item).hrefs()).not.toContain(page);
    expect(innermostBlockTexts(item).at(-1)).toMatch(/^نُشر أصلاً لدى/);
  });

  it.each([
    ['ar', 'rtl', 'تابع القراءة', undefined],
    ['fr', 'ltr', 'Continue reading', 'en'],
  ])(
    'in %s, is the excerpt, "continue reading" in the item’s words where we have them, then the credit line',
    (language, direction, words, standIn) => {
      const { content } = sampleArticle(
        {},
        { language, direction: direction as 'ltr' | 'rtl', bodyHtml: paragraphs(100).join('') },
      );
      const item = feedItemHtml(content, page, 2048);
      const blocks = innermostBlockTexts(item);
      expect(blocks.at(-2)).toBe(words);
      expect(blocks.at(-1)).toMatch(/^(Originally published by|نُشر أصلاً لدى)/);
      const more = new HtmlDocument(item)
        .all('a')
        .find((anchor) => getAttributeValue(anchor, 'href') === page);
      const paragraph = more?.parent as Element | undefined;
      expect(paragraph?.name).toBe('p');
      expect(paragraph && getAttributeValue(paragraph, 'lang')).toBe(standIn);
      expect(innermostBlockTexts(content.bodyHtml).slice(0, blocks.length - 2)).toEqual(blocks.slice(0, -2));
      expect(closesWhatItOpens(item)).toBe(true);
    },
  );
});
