/**
 * A readable, URL-safe ASCII slug. Latin titles slug themselves; a title in another script (the
 * Arabic seed) falls back to the partner's external id, which is ASCII by contract and usually
 * readable ("2024-11-russia-taliban-rapprochement"). Never percent-encoded.
 */
export function slugCandidate(title: string, externalId: string): string {
  const fromTitle = toAsciiSlug(title);
  const base = fromTitle.replace(/-/g, '').length >= 8 ? fromTitle : toAsciiSlug(externalId);
  return base.length > 0 ? base : 'article';
}

/**
 * The slug to try on the n-th attempt: the base, then the base with a short piece of the article
 * id, then with all of it, which no other article can hold.
 */
export function slugAlternative(base: string, attempt: number, articleId: string): string {
  if (attempt <= 1) return base;
  return attempt === 2 ? `${base}-${articleId.slice(1, 7)}` : `${base}-${articleId}`;
}

function toAsciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}
