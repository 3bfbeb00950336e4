import { directionOf } from '../text/language';
import { html, type RawHtml, raw } from '../text/markup';
import { memoised } from '../text/memoised';

/**
 * The words our pages show around articles, in one language: the language of the page's text where
 * we have the words, else English. Dates and lists are formatted in that same language, so a page
 * never mixes English labels with, say, a French date.
 */
export interface PageLabels {
  /** The language these words are in (BCP 47); dates and lists are formatted in it too. */
  language: string;
  by: string;
  originallyPublishedBy: string;
  via: string;
  deliveredBy: string;
  author: string;
  license: string;
  readOriginal: string;
  /** The link a feed item ends its cut body with, to the whole article on its page. */
  continueReading: string;
  source: string;
  previous: string;
  next: string;
  articleNavigation: string;
  feeds: string;
  latest: string;
  noArticlesYet: string;
  notFoundTitle: string;
  notFoundExplanation: string;
  removedTitle: string;
  removedExplanation: string;
  home: string;
  /** The heading of the notice on a page whose article an editor corrected once, and more than once. */
  correction: string;
  corrections: string;
}

const ENGLISH: PageLabels = {
  language: 'en',
  by: 'By',
  originallyPublishedBy: 'Originally published by',
  via: 'via',
  deliveredBy: 'Delivered by',
  author: 'Author',
  license: 'License',
  readOriginal: 'Read the original',
  continueReading: 'Continue reading',
  source: 'Source',
  previous: 'Previous',
  next: 'Next',
  articleNavigation: 'More articles',
  feeds: 'Feeds',
  latest: 'Latest articles',
  noArticlesYet: 'No articles have been published yet.',
  notFoundTitle: 'Page not found',
  notFoundExplanation:
    'There is nothing at this address. The link may be mistyped, or the page may have moved.',
  removedTitle: 'This article has been removed',
  removedExplanation: 'It is no longer published on this site.',
  home: 'Go to the latest articles',
  correction: 'Correction',
  corrections: 'Corrections',
};

const ARABIC: PageLabels = {
  language: 'ar',
  by: 'بقلم',
  originallyPublishedBy: 'نُشر أصلاً لدى',
  via: 'عبر',
  deliveredBy: 'وصل عن طريق',
  author: 'الكاتب',
  license: 'الترخيص',
  readOriginal: 'اقرأ المقال الأصلي',
  continueReading: 'تابع القراءة',
  source: 'المصدر',
  previous: 'السابق',
  next: 'التالي',
  articleNavigation: 'مقالات أخرى',
  feeds: 'الخلاصات',
  latest: 'أحدث المقالات',
  noArticlesYet: 'لم يُنشر أي مقال بعد.',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundExplanation: 'لا يوجد شيء على هذا العنوان. ربما كُتب الرابط خطأً، أو نُقلت الصفحة.',
  removedTitle: 'أُزيل هذا المقال',
  removedExplanation: 'لم يعد منشوراً على هذا الموقع.',
  home: 'انتقل إلى أحدث المقالات',
  correction: 'تصحيح',
  corrections: 'تصحيحات',
};

const BY_LANGUAGE: Record<string, PageLabels> = { en: ENGLISH, ar: ARABIC };

function primaryLanguage(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? '';
}

/** Labels in the given language where we have the words, else English. */
export function labelsFor(language: string): PageLabels {
  return BY_LANGUAGE[primaryLanguage(language)] ?? ENGLISH;
}

/** True when the labels are not in the language of the text around them (English standing in). */
export function labelsStandIn(labels: PageLabels, textLanguage: string): boolean {
  return labels.language !== primaryLanguage(textLanguage);
}

/**
 * `lang` and `dir` for an element holding our words inside text of another language, when English
 * stands in, so screen readers pronounce them as English and they read in its direction; nothing
 * when the words are in the text's own language.
 */
export function standInAttributes(labels: PageLabels, textLanguage: string): RawHtml | '' {
  return labelsStandIn(labels, textLanguage)
    ? raw(html` lang="${labels.language}" dir="${directionOf(labels.language)}"`)
    : '';
}

const longDates = memoised(
  (language) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }),
);
const conjunctions = memoised((language) => new Intl.ListFormat(language, { type: 'conjunction' }));

/** A date as the labels' language writes it ("November 27, 2024", "27 نوفمبر 2024"), in UTC. */
export function formatDate(iso: string, labels: PageLabels): string {
  try {
    return longDates(labels.language).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** The parts of a list ("A, B and C") as the labels' language joins it: items by index, and the words between. */
export function listParts(count: number, labels: PageLabels): { item?: number; literal?: string }[] {
  const indexes = Array.from({ length: count }, (_, index) => String(index));
  return conjunctions(labels.language)
    .formatToParts(indexes)
    .map((part) => (part.type === 'element' ? { item: Number(part.value) } : { literal: part.value }));
}
