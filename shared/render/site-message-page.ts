import { directionOf } from '../text/language';
import { html, plainText } from '../text/markup';
import type { PageLabels } from './labels';
import { pageShell } from './page-shell';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/**
 * A page of the site's own, holding one message and a link to the latest articles: in the site's
 * look (the shell every page has), in the labels' language, never indexed. Every URL in it is
 * absolute, so it reads the same at whatever address it is served.
 */
export function siteMessagePage(options: {
  heading: string;
  explanation: string;
  labels: PageLabels;
  urls: SiteUrls;
  site: SiteSettings;
}): string {
  const { heading, explanation, labels, urls, site } = options;
  return pageShell({
    language: labels.language,
    direction: directionOf(labels.language),
    title: plainText(`${heading} · ${site.title}`),
    head: html`<meta name="robots" content="noindex, follow">`,
    body: html`<h1>${heading}</h1>
<p>${explanation}</p>
<p><a href="${urls.home().url}" rel="home">${labels.home}</a></p>`,
    footer: html`<p dir="auto">${site.description}</p>`,
    urls,
    site,
  });
}
