import { describe, expect, it } from 'vitest';
import { textBlocks } from '../../shared/clean/text-to-html';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import type { Partner } from '../../shared/config/partner-registry-schema';
import type { ArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { detectLanguage } from '../../shared/text/language';
import { innermostBlockTexts } from '../support/html-blocks';
import { OTHER_SECRET } from '../support/test-partners';

const tags = (text: string) => textBlocks(text).map((block) => block.tag);

describe('a short line of captured text', () => {
  it('becomes a heading when it looks like one and a paragraph follows', () => {
    expect(tags('Background\nTalks began in 2022 and stalled twice over inspections.')).toEqual(['h2', 'p']);
  });

  it('stays a paragraph when it is the body’s only line', () => {
    expect(tags('Talks resume in Istanbul')).toEqual(['p']);
  });

  it('stays a paragraph when it ends like a sentence, or what follows is another short line', () => {
    expect(tags('Talks resume today.\nNegotiators met again on Thursday in Istanbul.')).toEqual(['p', 'p']);
    expect(tags('Wheat\nCorn futures\nSoybean oil')).toEqual(['p', 'p', 'p']);
  });
});

describe('the language of short text', () => {
  // franc-min ranks this English sentence French first, English a close second.
  const sentence = 'Public transport strike planned for next Monday.';

  it('is the partner’s declared language when detection is unsure between it and another', () => {
    expect(detectLanguage(sentence)).toBe('fr');
    expect(detectLanguage(sentence, 'en', undefined, 'en')).toBe('en');
  });

  it('is the detector’s when it is sure, whatever the partner declared', () => {
    const french = 'Les négociateurs se sont retrouvés jeudi à Istanbul pour discuter du corridor.';
    expect(detectLanguage(french, 'en', undefined, 'en')).toBe('fr');
  });

  it('is the partner’s language for text too short to judge, only when written in its script', () => {
    expect(detectLanguage('Grève lundi', 'en', undefined, 'fr')).toBe('fr');
    expect(detectLanguage('Strike Monday', 'en', undefined, 'ar')).toBe('en');
    expect(detectLanguage('إضراب الاثنين', 'en', undefined, 'fa')).toBe('fa');
  });

  it('comes from the registry’s languages for a delivery without a language', async () => {
    const registry = PartnerRegistry.parse({
      partners: [{ id: 'english-desk', name: 'English Desk', languages: ['en-GB'], secrets: [OTHER_SECRET] }],
    });
    const partner = (await registry.getPartner('english-desk')) as Partner;
    const payload: ArticlePayload = {
      externalId: 'short-1',
      url: 'https://english.example/short-1',
      title: 'Strike',
      publishedAt: '2024-11-28T10:00:00Z',
      contentText: sentence,
    };
    const content = normaliseArticle(payload, partner);
    expect(content.language).toBe('en');
    expect(innermostBlockTexts(content.bodyHtml)).toEqual([sentence]);
  });
});
