import { sanitiseArticleHtml } from '../../shared/clean/sanitise-html';
import type { Article, ArticleContent } from '../../shared/domain/article';
import { inlineText, type PlainText, type SafeHtml } from '../../shared/text/markup';

/** A type with its text and HTML fields as plain strings, as a test writes them. */
export type Unbranded<T> = T extends PlainText | SafeHtml
  ? string
  : T extends readonly (infer U)[]
    ? Unbranded<U>[]
    : T extends object
      ? { [K in keyof T]: Unbranded<T[K]> }
      : T;

function optionalText(value: string | undefined): PlainText | undefined {
  return value === undefined ? undefined : inlineText(value);
}

/** Content written with strings, typed as ingest types it: text tidied, the body through the sanitiser. */
export function typedContent(content: Unbranded<ArticleContent>): ArticleContent {
  const { attribution } = content;
  return {
    ...content,
    title: inlineText(content.title),
    summary: inlineText(content.summary),
    bodyHtml: sanitiseArticleHtml(content.bodyHtml, content.url),
    authors: content.authors.map((author) => ({ ...author, name: inlineText(author.name) })),
    categories: content.categories.map(inlineText),
    image: content.image && { url: content.image.url, alt: optionalText(content.image.alt) },
    attribution: {
      ...attribution,
      deliveredBy: { ...attribution.deliveredBy, name: inlineText(attribution.deliveredBy.name) },
      publisher: { ...attribution.publisher, name: inlineText(attribution.publisher.name) },
      via: optionalText(attribution.via),
      license: optionalText(attribution.license),
    },
  };
}

/** A stored article for rendering tests, with overrides. */
export function sampleArticle(
  overrides: Partial<Article> = {},
  content: Partial<Unbranded<ArticleContent>> = {},
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
    content: typedContent({
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
    }),
    ...overrides,
  };
}
