import type { Article, Publication } from '../domain/article';
import type { EditorialState } from './editor-views';

/**
 * Where an article stands for an editor. A change not yet rendered is `pending` whatever it was;
 * then an editor's takedown, a partner's deletion, an embargo (`scheduled`), or live. An article
 * that has never been public gives the publisher nothing to render, so it is never `pending`.
 */
export function editorialStateOf(article: Article, publication: Publication | undefined): EditorialState {
  const rendered = article.neverPublic || (publication && publication.renderedSeq >= article.changeSeq);
  if (!rendered) return 'pending';
  if (article.editorial?.takedown) return 'taken-down';
  if (article.visibility === 'withdrawn') return 'withdrawn';
  if (article.visibility === 'scheduled') return 'scheduled';
  return 'published';
}
