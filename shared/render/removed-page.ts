import { labelsFor } from './labels';
import { siteMessagePage } from './site-message-page';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/**
 * What stays at a taken-down article's address, served 410: it says the article was removed and
 * links home. It holds nothing of the article, not even its title: a takedown may be for what the
 * article says.
 */
export function renderRemovedPage(urls: SiteUrls, site: SiteSettings): string {
  const labels = labelsFor(site.language);
  return siteMessagePage({
    heading: labels.removedTitle,
    explanation: labels.removedExplanation,
    labels,
    urls,
    site,
  });
}
