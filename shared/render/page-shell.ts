import type { FeedScope } from '../domain/feed-scope';
import { escapeHtml } from '../text/html-escape';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** Feed autodiscovery links for the given scopes, each in all three formats. */
export function feedDiscoveryLinks(urls: SiteUrls, scopes: { scope: FeedScope; title: string }[]): string {
  return scopes
    .flatMap(({ scope, title }) => [
      `<link rel="alternate" type="application/rss+xml" title="${escapeHtml(`${title} (RSS)`)}" href="${escapeHtml(urls.feed(scope, 'rss').url)}">`,
      `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(`${title} (Atom)`)}" href="${escapeHtml(urls.feed(scope, 'atom').url)}">`,
      `<link rel="alternate" type="application/feed+json" title="${escapeHtml(`${title} (JSON Feed)`)}" href="${escapeHtml(urls.feed(scope, 'json').url)}">`,
    ])
    .join('\n');
}

const FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/** Visible links to feeds, for the footer. */
export function feedFooterLinks(urls: SiteUrls, scopes: { scope: FeedScope; title: string }[]): string {
  return scopes
    .flatMap(({ scope, title }) =>
      (['rss', 'atom', 'json'] as const).map(
        (format) =>
          `<li><a href="${escapeHtml(urls.feed(scope, format).url)}">${escapeHtml(title)} · ${FORMAT_NAMES[format]}</a></li>`,
      ),
    )
    .join('');
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no `</script>` can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The HTML document around a page's content. */
export function pageShell(options: {
  language: string;
  direction: 'ltr' | 'rtl';
  title: string;
  head: string;
  body: string;
  footer: string;
  urls: SiteUrls;
  site: SiteSettings;
}): string {
  const { urls, site } = options;
  return `<!doctype html>
<html lang="${escapeHtml(options.language)}" dir="${options.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${escapeHtml(urls.stylesheet().url)}">
<link rel="icon" type="image/svg+xml" href="${escapeHtml(urls.favicon().url)}">
${options.head}
</head>
<body>
<header class="site-header" dir="auto"><a href="${escapeHtml(urls.home().url)}">${escapeHtml(site.title)}</a></header>
<main>
${options.body}
</main>
<footer class="site-footer">
${options.footer}
</footer>
</body>
</html>
`;
}
