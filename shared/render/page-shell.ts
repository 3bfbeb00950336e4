import type { FeedScope } from '../domain/feed-scope';
import { html, raw, type SafeHtml } from '../text/markup';
import type { SiteSettings } from './site-settings';
import type { SiteUrls } from './site-urls';

/** A feed a page links to, with the title a reader sees. */
export interface TitledFeed {
  scope: FeedScope;
  title: string;
}

/** Feed autodiscovery links for the given scopes, each in all three formats. */
export function feedDiscoveryLinks(urls: SiteUrls, scopes: TitledFeed[]): SafeHtml {
  return html`${scopes.map(({ scope, title }) => [
    raw(
      html`<link rel="alternate" type="application/rss+xml" title="${`${title} (RSS)`}" href="${urls.feed(scope, 'rss').url}">\n`,
    ),
    raw(
      html`<link rel="alternate" type="application/atom+xml" title="${`${title} (Atom)`}" href="${urls.feed(scope, 'atom').url}">\n`,
    ),
    raw(
      html`<link rel="alternate" type="application/feed+json" title="${`${title} (JSON Feed)`}" href="${urls.feed(scope, 'json').url}">\n`,
    ),
  ])}`;
}

const FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/** Visible links to feeds, for the footer. */
export function feedFooterLinks(urls: SiteUrls, scopes: TitledFeed[]): SafeHtml {
  return html`${scopes.map(({ scope, title }) =>
    (['rss', 'atom', 'json'] as const).map((format) =>
      raw(html`<li><a href="${urls.feed(scope, format).url}">${title} · ${FORMAT_NAMES[format]}</a></li>`),
    ),
  )}`;
}

/** The HTML document around a page's content; `title` is text, the rest is HTML. */
export function pageShell(options: {
  language: string;
  direction: 'ltr' | 'rtl';
  title: string;
  head: SafeHtml;
  body: SafeHtml;
  footer: SafeHtml;
  urls: SiteUrls;
  site: SiteSettings;
}): SafeHtml {
  const { urls, site } = options;
  return html`<!doctype html>
<html lang="${options.language}" dir="${options.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="${urls.stylesheet().url}">
<link rel="icon" type="image/svg+xml" href="${urls.favicon().url}">
${raw(options.head)}
</head>
<body>
<header class="site-header" dir="auto"><a href="${urls.home().url}">${site.title}</a></header>
<main>
${raw(options.body)}
</main>
<footer class="site-footer">
${raw(options.footer)}
</footer>
</body>
</html>
`;
}
