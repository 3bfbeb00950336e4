/**
 * The console's page with the origins it may call besides its own in its content security policy
 * (`connect-src`): in AWS, the identity provider's token endpoint, which the browser calls from the
 * console to exchange the sign-in's code (decision 0031), and its revocation endpoint (sign-out). Pure text, so the CDK construct and the
 * browser test write the page the same way; an origin may be a CDK token, resolved at deploy time.
 */

/** The policy's directive as `console/index.html` has it: the console's own origin only. */
const OWN_ORIGIN_ONLY = "connect-src 'self';";

/**
 * `indexHtml` with `origins` added to its `connect-src`. Unchanged when there are none (the local
 * run). Throws when the page no longer has the directive as expected, so a change of the page
 * cannot silently drop the addition.
 *
 * @param indexHtml the checkout's `console/index.html`
 * @param origins e.g. `https://example.auth.eu-west-1.amazoncognito.com` (scheme, host, port only)
 */
export function withConnectOrigins(indexHtml: string, origins: readonly string[]): string {
  const occurrences = indexHtml.split(OWN_ORIGIN_ONLY).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `console/index.html must contain "${OWN_ORIGIN_ONLY}" once in its content security policy`,
    );
  }
  if (origins.length === 0) return indexHtml;
  for (const origin of origins) {
    // A CSP source is one word; a quote, a semicolon or a comma would end the attribute or the directive.
    if (/[\s;,"'<>]/.test(origin)) throw new Error(`${JSON.stringify(origin)} is not an origin`);
  }
  return indexHtml.replace(OWN_ORIGIN_ONLY, `connect-src 'self' ${origins.join(' ')};`);
}
