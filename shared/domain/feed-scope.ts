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

/** The scope a `scopeId` names; `undefined` for a string that names none. */
export function parseScopeId(id: string): FeedScope | undefined {
  if (id === 'site') return { kind: 'site' };
  const [kind, value] = id.split('#', 2);
  if (!value) return undefined;
  if (kind === 'partner') return { kind: 'partner', partnerId: value };
  if (kind === 'language') return { kind: 'language', language: value };
  return undefined;
}

/** The scopes an article belongs to. */
export function scopesOf(article: { partnerId: string; language: string }): FeedScope[] {
  return [
    { kind: 'site' },
    { kind: 'partner', partnerId: article.partnerId },
    { kind: 'language', language: article.language },
  ];
}
