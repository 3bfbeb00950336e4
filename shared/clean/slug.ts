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
 * id, then the base, `--` and the whole article id. Another partner can take the first two with
 * titles of its own, but never the last: a slug made from a title or an external id never holds
 * `--` (runs of separators fold to one `-`), and an article's own last resort holds its own id, so
 * nothing but this article can hold it.
 */
export function slugAlternative(base: string, attempt: number, articleId: string): string {
  if (attempt <= 1) return base;
  return attempt === 2 ? `${base}-${articleId.slice(1, 7)}` : `${base}--${articleId}`;
}

function toAsciiSlug(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return trimHyphens(trimHyphens(folded).slice(0, 80));
}

/** Without a leading or trailing `-`; there is at most one at each end once runs are folded. */
function trimHyphens(text: string): string {
  const start = text.startsWith('-') ? 1 : 0;
  const end = text.endsWith('-') && text.length > start ? text.length - 1 : text.length;
  return text.slice(start, end);
}
