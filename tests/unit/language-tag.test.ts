import { describe, expect, it } from 'vitest';
import { checkLanguageTag } from '../../shared/text/language-tag';

describe('checkLanguageTag', () => {
  it.each([
    ['ar', 'ar'],
    ['AR-eg', 'ar'],
    ['arb', 'ar'],
    ['pes', 'fa'],
    ['eng', 'en'],
    ['fre', 'fr'],
    ['en-GB', 'en'],
    ['en-419', 'en'],
    ['zh-Hant-TW', 'zh'],
    ['sh', 'sr'],
    ['iw', 'he'],
    ['haw', 'haw'],
    ['tlh', 'tlh'],
  ])('stores %s as %s, the shortest tag of its language', (tag, language) => {
    expect(checkLanguageTag(tag)).toEqual({ language });
  });

  it.each([
    ['arabic!', 'must be a BCP 47 language tag'],
    ['x-scam', 'must be a BCP 47 language tag'],
    ['en-x-visit-scam-site', 'must not have a private-use part'],
    ['en-US-x-twain', 'must not have a private-use part'],
    ['en-u-nu-arab', 'must not have extensions'],
    ['de-1996', 'no variants'],
    ['en-scamsite', 'no variants'],
    ['zzz', 'must name a language of ISO 639; "zzz" names none'],
    ['qaa', 'must name a language of ISO 639'],
    ['und', 'must name a language of ISO 639'],
    ['mul', 'must name a language of ISO 639'],
    ['zxx', 'must name a language of ISO 639'],
    ['en-QQ', 'unknown region ("QQ")'],
    ['en-ZZ', 'unknown region ("ZZ")'],
    ['en-Qaaa', 'unknown script ("Qaaa")'],
    ['en-Zzzz', 'unknown script ("Zzzz")'],
  ])('refuses %s', (tag, problem) => {
    const checked = checkLanguageTag(tag);
    expect(checked).toEqual({ problem: expect.stringContaining(problem) });
  });
});
