import { describe, expect, it } from 'vitest';
import { articleFromPage } from '../../shared/clean/extract-article';
import { htmlToText } from '../../shared/clean/sanitise-html';
import type { Partner } from '../../shared/config/partner-registry-schema';
import type { ArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { innermostBlockTexts } from '../support/html-blocks';
import { testPartners } from '../support/test-partners';
import {
  ARABIC_THEME_CHROME,
  classicWordPressPage,
  ENGLISH_FIRST_WORDS,
  ENGLISH_THEME_CHROME,
  ENGLISH_TITLE,
  englishThemePage,
  newsMagazinePage,
  SEED_FIRST_WORDS,
  SEED_TITLE,
} from '../support/wrapped-seed';

const almadar = (await testPartners().getPartner('almadar')) as Partner;

/** The seed's delivery with `contentHtml` replaced by a whole page. */
function deliverPage(contentHtml: string, title = SEED_TITLE) {
  const payload: ArticlePayload = {
    externalId: 'wrapped-seed',
    url: 'https://almadar.example/2024/11/27/russia-taliban-rapprochement/',
    title,
    author: 'عبد الله جمال',
    publishedAt: '2024-11-27T09:00:00Z',
    contentHtml,
  };
  const content = normaliseArticle(payload, almadar);
  return { content, bodyText: htmlToText(content.bodyHtml).replace(/\s+/g, ' ').trim() };
}

describe.each([
  ['a classic WordPress theme, provenance inside the content', classicWordPressPage],
  ['a news-magazine WordPress theme, provenance printed beside the content', newsMagazinePage],
])('the seed article in %s', (_theme, page) => {
  const { content, bodyText } = deliverPage(page());

  it('credits the original publisher from the closing credit line, delivered by almadar', () => {
    expect(content.attribution.publisher).toEqual({
      name: 'Interregional for Strategic Analyses',
      url: 'https://interregional.example/',
    });
    expect(content.attribution.publisherSource).toBe('credit-line');
    expect(content.attribution.deliveredBy.partnerId).toBe('almadar');
    expect(content.attribution.via).toBe('شبكة المدار الإعلامية الأوروبية');
    expect(content.authors).toEqual([{ name: 'عبد الله جمال' }]);
  });

  it('keeps both headings as headings, and the article starts with its first sentence', () => {
    const blocks = innermostBlockTexts(content.bodyHtml);
    expect(content.bodyHtml).toContain('<h2>مظاهر التقارب</h2>');
    expect(content.bodyHtml).toContain('<h2>محفزات رئيسية</h2>');
    expect(blocks[0]?.startsWith(SEED_FIRST_WORDS)).toBe(true);
    expect(content.summary.startsWith(SEED_FIRST_WORDS)).toBe(true);
  });

  it('leaves the dateline, the credit line and every piece of the theme behind', () => {
    expect(bodyText).not.toContain('المدار');
    expect(bodyText).not.toContain('انترريجورنال');
    for (const chrome of ARABIC_THEME_CHROME) expect(bodyText).not.toContain(chrome);
    expect(bodyText.endsWith('المعقد في أفغانستان.')).toBe(true);
    expect(content.title).toBe(SEED_TITLE);
    expect(content.language).toBe('ar');
    expect(content.direction).toBe('rtl');
  });
});

describe('an English article whose theme prints an English dateline and a credit line beside it', () => {
  const { content, bodyText } = deliverPage(englishThemePage(), ENGLISH_TITLE);

  it('takes the dateline naming the partner’s English alias and the credit line into the attribution', () => {
    expect(content.attribution.via).toBe('شبكة المدار الإعلامية الأوروبية');
    expect(content.attribution.publisher.name).toBe('Interregional for Strategic Analyses');
    expect(content.attribution.publisherSource).toBe('credit-line');
  });

  it('stores the article alone, its heading kept', () => {
    expect(bodyText.startsWith(ENGLISH_FIRST_WORDS)).toBe(true);
    expect(content.summary.startsWith(ENGLISH_FIRST_WORDS)).toBe(true);
    expect(content.bodyHtml).toContain('<h2>What drives the rapprochement</h2>');
    expect(bodyText).not.toMatch(/Almadar|Interregional|Source:/);
    for (const chrome of ENGLISH_THEME_CHROME) expect(bodyText).not.toContain(chrome);
    expect(content.language).toBe('en');
  });
});

describe('blocks beside the article', () => {
  it('are where the news-magazine theme prints its dateline and credit line, outside what the extractor keeps', () => {
    const page = articleFromPage(newsMagazinePage(), SEED_TITLE);
    expect(page.html).not.toContain('انترريجورنال');
    expect(page.neighbours?.before[0]?.text).toBe('شبكة المدار الإعلامية الأوروبية …');
    expect(page.neighbours?.after[0]?.text).toBe('انترريجورنال للتحليلات الاستراتيجية');
  });

  it('stay out of the body unless they are a dateline naming the partner or a credit line naming a carried publisher', () => {
    const page = newsMagazinePage()
      .replace('شبكة  المدار الإعلامية  الأوروبية …', 'مراسلنا في موسكو —')
      .replace('انترريجورنال للتحليلات الاستراتيجية', 'مركز آخر للدراسات');
    const { content, bodyText } = deliverPage(page);
    expect(bodyText).not.toMatch(/مراسلنا|مركز آخر/u);
    expect(content.attribution.publisherSource).toBe('partner');
    expect(content.attribution.via).toBeUndefined();
  });
});
