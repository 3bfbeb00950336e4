/**
 * The content security policies the CDN sends (decision 0028), one per kind of response. Each is as
 * strict as what it protects allows; `tests/integration/cdn-csp-browser.test.ts` loads real pages and
 * the console in Chromium with these headers and expects no violation.
 */

/** Joins directives, each `name value...`, into a header value. */
function policy(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * Pages (index, articles, 404 and removed pages): no script at all (a JSON-LD block is data and needs
 * none), the site's own stylesheet and icon, and images from anywhere over HTTPS, because a partner's
 * article keeps its images where the partner hosts them (shared/clean/sanitise-html.ts allows `img`
 * with http(s) sources; browsers upgrade an `http:` image on an HTTPS page before this check).
 */
export const PAGE_CONTENT_SECURITY_POLICY = policy({
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'https:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/**
 * Feeds, article JSON and the API's JSON: nothing is ever rendered from them, so nothing may load. A
 * browser that opens a feed directly shows it as text or XML, which needs no source.
 */
export const DATA_CONTENT_SECURITY_POLICY = policy({
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/**
 * The editor console (console/index.html): its own scripts, stylesheet and API on the same origin, plus
 * the identity provider's endpoints it calls with `fetch` (an OIDC sign-in's token and revocation endpoints), the
 * same origins its meta policy lists. Sign-in itself is a navigation, which no directive here governs.
 *
 * @param connectOrigins origins such as `https://example.auth.eu-west-1.amazoncognito.com`
 */
export function consoleContentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return policy({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'connect-src': ["'self'", ...connectOrigins],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  });
}
