import { labelsFor } from './labels';
import { siteMessagePage } from './site-message-page';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** `404.html`: what a reader sees where nothing is published, with a way back to the latest articles. */
export function renderNotFoundPage(urls: SiteUrls, site: SiteSettings): string {
  const labels = labelsFor(site.language);
  return siteMessagePage({
    heading: labels.notFoundTitle,
    explanation: labels.notFoundExplanation,
    labels,
    urls,
    site,
  });
}
