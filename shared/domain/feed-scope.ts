/** A list the site publishes in order: the whole site, one partner, or one language. */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'language'; language: string };

/** A stable string for a scope: the order partition's name and a dedupe key. */
export function scopeId(scope: FeedScope): string {
  switch (scope.kind) {
    case 'site':
      return 'site';
    case 'partner':
      return `partner#${scope.partnerId}`;
    case 'language':
      return `language#${scope.language}`;
  }
}

/** The scopes an article belongs to. */
export function scopesOf(article: { partnerId: string; language: string }): FeedScope[] {
  return [
    { kind: 'site' },
    { kind: 'partner', partnerId: article.partnerId },
    { kind: 'language', language: article.language },
  ];
}
