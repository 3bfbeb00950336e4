/** The words a page shows around an article. */
export interface PageLabels {
  by: string;
  originallyPublishedBy: string;
  via: string;
  deliveredBy: string;
  author: string;
  license: string;
  readOriginal: string;
  source: string;
  previous: string;
  next: string;
  articleNavigation: string;
  feeds: string;
  latest: string;
}

const ENGLISH: PageLabels = {
  by: 'By',
  originallyPublishedBy: 'Originally published by',
  via: 'via',
  deliveredBy: 'Delivered by',
  author: 'Author',
  license: 'License',
  readOriginal: 'Read the original',
  source: 'Source',
  previous: 'Previous',
  next: 'Next',
  articleNavigation: 'More articles',
  feeds: 'Feeds',
  latest: 'Latest articles',
};

const ARABIC: PageLabels = {
  by: 'بقلم',
  originallyPublishedBy: 'نُشر أصلاً لدى',
  via: 'عبر',
  deliveredBy: 'وصل عن طريق',
  author: 'الكاتب',
  license: 'الترخيص',
  readOriginal: 'اقرأ المقال الأصلي',
  source: 'المصدر',
  previous: 'السابق',
  next: 'التالي',
  articleNavigation: 'مقالات أخرى',
  feeds: 'الخلاصات',
  latest: 'أحدث المقالات',
};

const BY_LANGUAGE: Record<string, PageLabels> = { en: ENGLISH, ar: ARABIC };

/** Labels in the article's language where we have the words, else English. */
export function labelsFor(language: string): PageLabels {
  return BY_LANGUAGE[language.split('-')[0] ?? ''] ?? ENGLISH;
}
