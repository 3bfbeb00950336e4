import type { Article, Publication } from '../domain/article';
import type { EditorialState } from './editor-views';

/**
 * Where an article stands for an editor. A change not yet rendered is `pending` whatever it was;
 * then an editor's takedown, a partner's deletion, or live.
 */
export function editorialStateOf(article: Article, publication: Publication | undefined): EditorialState {
  if (!publication || publication.renderedSeq < article.changeSeq) return 'pending';
  if (article.editorial?.takedown) return 'taken-down';
  if (article.visibility === 'withdrawn') return 'withdrawn';
  return 'published';
}
