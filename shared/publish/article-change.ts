import type { Visibility } from '../domain/article';

/** Where an article stood before a change: enough to find the feeds and neighbours it left. */
export interface ArticlePosition {
  articleId: string;
  partnerId: string;
  language: string;
  publishedAt: string;
  visibility: Visibility;
}

/**
 * One change that may alter what is public. Only the article id and its previous position are
 * taken from the event: everything rendered is read from the table's current state, so a late
 * or repeated event can only make the site more current.
 */
export interface ArticleChange {
  articleId: string;
  before?: ArticlePosition;
}
