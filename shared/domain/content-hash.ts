import { createHash } from 'node:crypto';
import type { ArticleContent } from './article';

/**
 * A stable hash of what a revision says. Keys are sorted so the hash does not depend on the
 * order fields were set in. `updatedAt` is left out: a re-delivery of the same text with a newer
 * timestamp is not a change anyone can see.
 */
export function contentHash(content: ArticleContent): string {
  const { updatedAt: _ignored, ...visible } = content;
  return createHash('sha256').update(stableStringify(visible)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
