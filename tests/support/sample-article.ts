import type { Article, ArticleContent } from '../../shared/domain/article';

/** A stored article for rendering tests, with overrides. */
export function sampleArticle(
  overrides: Partial<Article> = {},
  content: Partial<ArticleContent> = {},
): Article {
  return {
    articleId: 'a0000000000000000001',
    partnerId: 'almadar',
    externalId: 'ext-1',
    slug: 'russia-taliban',
    revision: 2,
    visibility: 'public',
    changeSeq: 2,
    contentHash: 'h',
    createdAt: '2024-11-27T09:00:01Z',
    modifiedAt: '2024-11-27T09:00:01Z',
    content: {
      title: 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟',
      summary: 'ملخص المقال',
      bodyHtml: '<p>نص المقال</p><h2>مظاهر التقارب</h2><p>a ]]> b</p>',
      url: 'https://almadar.example/2024/11/27/russia-taliban/?a=1&b=2',
      publishedAt: '2024-11-27T12:00:00+03:00',
      updatedAt: '2024-11-27T12:30:00+03:00',
      authors: [{ name: 'عبد الله جمال' }],
      categories: ['تحليلات'],
      language: 'ar',
      direction: 'rtl',
      attribution: {
        deliveredBy: {
          partnerId: 'almadar',
          name: 'شبكة المدار الإعلامية الأوروبية',
          homepage: 'https://almadar.example/',
        },
        publisher: {
          name: 'Interregional for Strategic Analyses',
          url: 'https://interregional.example/?x=1&y=2',
        },
        publisherSource: 'credit-line',
        via: 'شبكة المدار الإعلامية الأوروبية',
        license: 'All rights reserved',
        originalUrl: 'https://almadar.example/2024/11/27/russia-taliban/?a=1&b=2',
      },
      ...content,
    },
    ...overrides,
  };
}
