/**
 * Stable `tag:` URIs (RFC 4151) for entries and feeds: derived from the article id, never from a
 * URL, so they survive a slug, host or path change of the page.
 */
export class FeedIds {
  readonly #authority: string;

  /** `authority` is a DNS name the operator controls; the date fixes when the scheme was minted. */
  constructor(authority: string, mintedOn = '2026') {
    this.#authority = `${authority.toLowerCase()},${mintedOn}`;
  }

  static fromBaseUrl(publicBaseUrl: string): FeedIds {
    return new FeedIds(new URL(publicBaseUrl).hostname);
  }

  article(articleId: string): string {
    return `tag:${this.#authority}:article:${articleId}`;
  }

  feed(scopeId: string): string {
    return `tag:${this.#authority}:feed:${scopeId.replace('#', ':')}`;
  }
}
