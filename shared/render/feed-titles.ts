import { memoised } from '../text/memoised';
import type { SiteSettings } from './site-settings';

/** What a feed is called, in the feed itself and wherever a page links to it. */
export interface FeedTitle {
  title: string;
  description: string;
}

/** The site-wide feed: the site's own title. */
export function siteFeedTitle(site: SiteSettings): FeedTitle {
  return { title: site.title, description: site.description };
}

/** One partner's feed, named after the partner. */
export function partnerFeedTitle(site: SiteSettings, partnerName: string): FeedTitle {
  return { title: `${site.title}: ${partnerName}`, description: `Articles delivered by ${partnerName}.` };
}

/** One language's feed, named after the language in the site's language: "Syndicated articles: Arabic". */
export function languageFeedTitle(site: SiteSettings, language: string): FeedTitle {
  const name = languageName(language, site.language);
  return { title: `${site.title}: ${name}`, description: `Articles in ${name}.` };
}

const languageNames = memoised(
  (inLanguage) => new Intl.DisplayNames([inLanguage, 'en'], { type: 'language', fallback: 'code' }),
);

/**
 * A language's name as a reader of the site knows it (`ar` is "Arabic" on an English site), from
 * the runtime's CLDR data; the tag itself when there is no name for it.
 */
export function languageName(language: string, inLanguage: string): string {
  try {
    return languageNames(inLanguage).of(language) ?? language;
  } catch {
    return language;
  }
}
