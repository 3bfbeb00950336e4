import type { Article, Visibility } from '../domain/article';
import { isEmbargoed } from '../domain/embargo';
import { ValidationError } from '../errors/http-errors';

/**
 * What a partner's article event asks for: `public` now, or `scheduled` when its `publishedAt` is
 * still to come (an embargo, CONTRACT §1). An article readers have already seen cannot be embargoed
 * again: that would be a takedown, which is the partner's deletion or an editor's, not a date. `422`
 * on `/data/publishedAt` then.
 */
export function partnerVisibilityOf(
  publishedAt: string,
  current: Article | undefined,
  now: Date,
): Visibility {
  if (!isEmbargoed(publishedAt, now)) return 'public';
  if (current?.visibility === 'public') {
    throw new ValidationError({
      detail:
        `publishedAt ${publishedAt} is in the future, but the article is already public (since ${current.content.publishedAt}). ` +
        'An article readers have seen cannot be put under embargo again; delete it (article.deleted) to take it off the site.',
      fieldErrors: [
        {
          pointer: '/data/publishedAt',
          message: `must not be later than now (${now.toISOString()}) for an article that is already public`,
        },
      ],
    });
  }
  return 'scheduled';
}

/**
 * Whether a partner update must not be older (by `updatedAt`) than the stored one. Not while the
 * article has never been seen: `updatedAt` defaults to `publishedAt`, so moving an embargo earlier
 * or lifting it lowers it, and no reader has seen either. The envelope `timestamp` still orders the
 * events.
 */
export function holdsUpdatedAtOrder(current: Article): boolean {
  return current.visibility !== 'scheduled' && current.neverPublic !== true;
}
