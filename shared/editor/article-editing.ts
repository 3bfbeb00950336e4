import type { Article } from '../domain/article';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors/http-errors';
import { ConcurrentChangeError } from '../errors/store-errors';
import type { ArticleCatalog } from '../ports/article-catalog';
import type { ArticleStore } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { SiteUrls } from '../render/site-urls';
import { inlineText, type PlainText, plainText } from '../text/markup';
import { applyCorrection } from './apply-correction';
import { restore, takeDown } from './apply-takedown';
import { articleDetailView, articleSummaryView } from './article-views';
import { type EditorChange, editorRevision } from './editor-revision';
import type { EditorUseCases } from './editor-use-cases';
import type { ArticleDetailView, ArticleSummaryView } from './editor-views';
import { editorialStateOf } from './editorial-state';
import { normaliseCorrection } from './normalise-correction';

/** What the article-editing use cases need (a `PipelineContext` has it all). */
export interface ArticleEditingDependencies {
  store: ArticleStore;
  catalog: ArticleCatalog;
  partners: PartnerDirectory;
  urls: SiteUrls;
  /** The time actions are recorded at; the wall clock unless a test pins it. */
  clock?: () => Date;
}

/** The article-editing half of `EditorUseCases` (the republish jobs are the other). */
export type ArticleEditing = Pick<
  EditorUseCases,
  'listArticles' | 'getArticle' | 'correctArticle' | 'unpublishArticle' | 'republishArticle'
>;

/** Attempts at an action when other writers (a delivery, another editor) keep moving the article on. */
const MAX_ATTEMPTS = 5;
/**
 * Catalog entries one list call examines at most. A filter that matches little would otherwise
 * walk the whole catalog in one request; the page comes back short with a cursor instead.
 */
const MAX_EXAMINED = 1000;

/** Creates the editor's article use cases: list, show, correct, take down, republish. */
export function createArticleEditing(deps: ArticleEditingDependencies): ArticleEditing {
  const now = () => (deps.clock ? deps.clock() : new Date()).toISOString();

  const headOf = async (articleId: string): Promise<Article> => {
    const article = await deps.store.getArticle(articleId);
    if (!article) throw new NotFoundError({ detail: `No article has the id "${articleId}".` });
    return article;
  };

  const detail = async (articleId: string): Promise<ArticleDetailView> => {
    const [article, publication, revisions] = await Promise.all([
      headOf(articleId),
      deps.store.getPublication(articleId),
      deps.store.listRevisions(articleId),
    ]);
    return articleDetailView(article, publication, revisions, deps.urls);
  };

  /**
   * Reads the head, lets `decide` make the change, and commits it conditioned on the head read.
   * When another writer got there first it tries again from a fresh read, unless the editor named
   * the revision they saw: then their decision may rest on what changed, so it fails with 412.
   */
  const act = async (
    articleId: string,
    expectedRevision: number | undefined,
    decide: (head: Article, at: string) => EditorChange,
  ): Promise<ArticleDetailView> => {
    for (let attempt = 1; ; attempt++) {
      const head = await headOf(articleId);
      if (expectedRevision !== undefined && head.revision !== expectedRevision) {
        throw new PreconditionFailedError({
          detail: `The article is at revision ${head.revision}, not ${expectedRevision}: read it again and decide on what it says now.`,
        });
      }
      try {
        await deps.store.commitRevision(editorRevision(head, decide(head, now())));
        return await detail(articleId);
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
        if (expectedRevision !== undefined) {
          throw new PreconditionFailedError({
            detail: `The article changed while the action was saved; it is no longer at revision ${expectedRevision}.`,
            cause: error,
          });
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async listArticles(query) {
      // The API validates 1–100; a caller that did not still gets a page that ends.
      const limit = Math.min(100, Math.max(1, Math.floor(query.limit) || 1));
      const items: ArticleSummaryView[] = [];
      const language = query.language?.toLowerCase();
      let after = query.after;
      let examined = 0;
      for (;;) {
        // One entry more than the page holds, so an unfiltered page knows whether another follows.
        const batch = Math.min(100, query.state || language ? Math.max(limit * 2, 25) : limit + 1);
        const page = await deps.catalog.page({ partnerId: query.partnerId, after, limit: batch });
        const ids = page.entries.map((entry) => entry.articleId);
        const [heads, publications] = await Promise.all([
          deps.store.getArticles(ids),
          deps.store.getPublications(ids),
        ]);
        const headById = new Map(heads.map((article) => [article.articleId, article]));
        const publicationById = new Map(
          publications.map((publication) => [publication.articleId, publication]),
        );
        for (const entry of page.entries) {
          // The catalog index is eventually consistent: an entry may come before its head is readable.
          const article = headById.get(entry.articleId);
          const publication = publicationById.get(entry.articleId);
          if (
            article !== undefined &&
            (!query.state || editorialStateOf(article, publication) === query.state) &&
            (!language || article.content.language.toLowerCase() === language)
          ) {
            // A match beyond a full page: only now is there a next page, and it starts here. A
            // cursor given on the strength of unread entries could lead to an empty page.
            if (items.length === limit) return { items, after };
            items.push(articleSummaryView(article, publication, deps.urls));
          }
          examined++;
          after = entry.key;
        }
        if (page.after === undefined) return { items };
        after = page.after;
        if (examined >= MAX_EXAMINED) return { items, after };
      }
    },

    getArticle: (articleId) => detail(articleId),

    correctArticle(articleId, request, editor, expectedRevision) {
      const correction = normaliseCorrection(request);
      return act(articleId, expectedRevision, (head, at) => {
        const applied = applyCorrection(head, correction, editor, at);
        return {
          content: applied.content,
          // Correcting a taken-down article is allowed; it stays down.
          visibility: head.visibility,
          editorial: applied.editorial,
          origin: {
            kind: 'editor',
            action: applied.action,
            editor: editor.id,
            reason: correction.reason,
            fields: applied.fields,
          },
          at,
        };
      });
    },

    unpublishArticle(articleId, reason, editor, expectedRevision) {
      const why = requiredReason(reason);
      return act(articleId, expectedRevision, (head, at) => ({
        ...takeDown(head, why, editor, at),
        content: head.content,
        origin: { kind: 'editor', action: 'takedown', editor: editor.id, reason: why },
        at,
      }));
    },

    async republishArticle(articleId, editor, reason) {
      for (let attempt = 1; ; attempt++) {
        const head = await headOf(articleId);
        if (head.editorial?.takedown) {
          return act(articleId, undefined, (current, at) => ({
            ...restore(current),
            content: current.content,
            origin: {
              kind: 'editor',
              action: 'restore',
              editor: editor.id,
              reason: restoreReason(reason),
            },
            at,
          }));
        }
        if (head.visibility === 'withdrawn') {
          throw new ConflictError({
            detail: 'Its partner deleted the article; only the partner can publish it again.',
          });
        }
        if (head.visibility === 'scheduled') {
          throw new ConflictError({
            detail: `The article is under embargo until ${head.content.publishedAt}; it goes live by itself then.`,
          });
        }
        try {
          // Rendered again as it is: no new revision, only a request the publisher answers.
          await deps.store.requestRender(articleId, head.changeSeq);
          return await detail(articleId);
        } catch (error) {
          if (!(error instanceof ConcurrentChangeError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}

/** What a restore records when the editor gave no reason: the API keeps the reason optional. */
const DEFAULT_RESTORE_REASON = plainText('Republished by an editor');

/** A restore's reason as text, or the fixed wording when none was given. */
function restoreReason(reason: string | undefined): PlainText {
  return inlineText(reason ?? '') || DEFAULT_RESTORE_REASON;
}

/** A reason as text on one line; an editor's action without one is refused. */
function requiredReason(reason: string): PlainText {
  const text = inlineText(reason);
  if (!text) {
    throw new ValidationError({
      detail: 'Say why: the reason is recorded with the action.',
      fieldErrors: [{ pointer: '/reason', message: 'must say why' }],
    });
  }
  return text;
}
