import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../shared/clean/sanitise-html';
import { htmlShape } from '../../shared/clean/whole-document';
import type { Partner } from '../../shared/config/partner-registry-schema';
import { ValidationError } from '../../shared/errors/http-errors';
import { type ArticlePayload, checkArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import {
  BIG_PAGE_TITLE,
  fragmentOf,
  MAX_FRAGMENT_BYTES,
  MAX_PAGE_BYTES,
  pageWithLongSidebar,
  pageWithManyElements,
  SIDEBAR_SENTENCE,
} from '../support/big-pages';
import { testPartners } from '../support/test-partners';
import { ENGLISH_PARAGRAPHS } from '../support/whole-pages';

const partner = (await testPartners().getPartner('other-outlet')) as Partner;

const article = (contentHtml: string): Record<string, unknown> => ({
  externalId: 'big-1',
  url: 'https://other.example/news/big-1',
  title: BIG_PAGE_TITLE,
  publishedAt: '2024-11-28T10:00:00Z',
  contentHtml,
});

/** The field rules' issues on contentHtml, as the 422 would list them. */
function contentIssues(contentHtml: string): string[] {
  const checked = checkArticlePayload(article(contentHtml), new Date());
  if (checked.success) return [];
  return checked.issues.filter((issue) => issue.path[0] === 'contentHtml').map((issue) => issue.message);
}

/**
 * A page through the field rules and normalisation, as the webhook runs them: the article's body
 * text, or the 422 it is refused with. Anything else thrown is what would be a 5xx, and fails.
 */
function ingest(contentHtml: string): { bodyText?: string; refusal?: string; ms: number } {
  const started = performance.now();
  const checked = checkArticlePayload(article(contentHtml), new Date());
  if (!checked.success) return { refusal: checked.issues[0]?.message, ms: performance.now() - started };
  try {
    const content = normaliseArticle(checked.article as ArticlePayload, partner);
    const bodyText = htmlToText(content.bodyHtml).replace(/\s+/g, ' ').trim();
    return { bodyText, ms: performance.now() - started };
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { refusal: (error as Error).message, ms: performance.now() - started };
  }
}

describe('content size (CONTRACT §1)', () => {
  it('takes a whole page of 5 MiB, and refuses one byte more', () => {
    expect(contentIssues(pageWithLongSidebar(MAX_PAGE_BYTES))).toEqual([]);
    expect(contentIssues(pageWithLongSidebar(MAX_PAGE_BYTES + 1))).toEqual(['must be at most 5 MiB']);
  });

  it('holds a fragment to 512 KiB: it is stored as it is cleaned, with no article to reduce it to', () => {
    expect(contentIssues(fragmentOf(MAX_FRAGMENT_BYTES))).toEqual([]);
    expect(contentIssues(fragmentOf(MAX_FRAGMENT_BYTES + 1))).toEqual([
      'must be at most 512 KiB, unless it is a whole page (at most 5 MiB)',
    ]);
    expect(contentIssues(fragmentOf(MAX_PAGE_BYTES))).toEqual([
      'must be at most 512 KiB, unless it is a whole page (at most 5 MiB)',
    ]);
  });

  it('holds contentText to 512 KiB', () => {
    const text = (bytes: number) => {
      const data: Record<string, unknown> = { ...article(''), contentText: 'a'.repeat(bytes) };
      delete data.contentHtml;
      const checked = checkArticlePayload(data, new Date());
      return checked.success
        ? []
        : checked.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    };
    expect(text(MAX_FRAGMENT_BYTES)).toEqual([]);
    expect(text(MAX_FRAGMENT_BYTES + 1)).toEqual(['contentText: must be at most 512 KiB']);
  });

  it('refuses a deep 5 MiB page by its depth, without judging its shape', () => {
    const deep = `<!DOCTYPE html><html><body>${'<b>'.repeat(MAX_PAGE_BYTES / 3 - 20)}</body></html>`;
    expect(contentIssues(deep)).toEqual(['must not nest elements more than 200 deep']);
  });
});

describe('a 5 MiB whole page through the field rules and normalisation', () => {
  it('reduces a page of 4.9 MiB of sidebar text in few elements to its article', () => {
    const page = pageWithLongSidebar(MAX_PAGE_BYTES);
    expect(Buffer.byteLength(page)).toBe(MAX_PAGE_BYTES);
    const result = ingest(page);
    console.info(`5 MiB page, long sidebar text: ${result.ms.toFixed(0)} ms`);
    expect(result.refusal).toBeUndefined();
    for (const paragraph of ENGLISH_PARAGRAPHS) expect(result.bodyText).toContain(paragraph);
    expect(result.bodyText).not.toContain(SIDEBAR_SENTENCE.trim());
  }, 60_000);

  it('answers a 5 MiB page of just under the element limit with its article or a 422, never an error', () => {
    const page = pageWithManyElements(MAX_PAGE_BYTES);
    expect(Buffer.byteLength(page)).toBeGreaterThan(MAX_PAGE_BYTES * 0.9);
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    expect(htmlShape(page).elements).toBeGreaterThan(19_000);
    const result = ingest(page);
    console.info(
      `5 MiB page, ${htmlShape(page).elements} elements: ${result.ms.toFixed(0)} ms, ${result.refusal ?? 'accepted'}`,
    );
    if (result.refusal === undefined) {
      for (const paragraph of ENGLISH_PARAGRAPHS) expect(result.bodyText).toContain(paragraph);
    }
  }, 60_000);
});
