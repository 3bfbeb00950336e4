/** The words of the site's own pages, which belong to no article: not found, removed. */
export interface SitePageLabels {
  /** The language these words are in: the page's `lang`, so a page never claims one it is not in. */
  language: string;
  notFoundTitle: string;
  notFoundExplanation: string;
  removedTitle: string;
  removedExplanation: string;
  home: string;
}

const ENGLISH: SitePageLabels = {
  language: 'en',
  notFoundTitle: 'Page not found',
  notFoundExplanation:
    'There is nothing at this address. The link may be mistyped, or the page may have moved.',
  removedTitle: 'This article has been removed',
  removedExplanation: 'It is no longer published on this site.',
  home: 'Go to the latest articles',
};

const ARABIC: SitePageLabels = {
  language: 'ar',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundExplanation: 'لا يوجد شيء على هذا العنوان. ربما كُتب الرابط خطأً، أو نُقلت الصفحة.',
  removedTitle: 'أُزيل هذا المقال',
  removedExplanation: 'لم يعد منشوراً على هذا الموقع.',
  home: 'انتقل إلى أحدث المقالات',
};

const BY_LANGUAGE: Record<string, SitePageLabels> = { en: ENGLISH, ar: ARABIC };

/** Labels in the site's language where we have the words, else English: one language per page. */
export function sitePageLabelsFor(language: string): SitePageLabels {
  return BY_LANGUAGE[language.split('-')[0]?.toLowerCase() ?? ''] ?? ENGLISH;
}
