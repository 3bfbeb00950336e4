import type { Author, TextDirection, Visibility } from '../domain/article';
import type { CorrectableField, CorrectionNotice, Takedown } from '../domain/editorial';

/**
 * Where an article stands for an editor: `published` (live as it is now), `pending` (accepted, not
 * yet live), `scheduled` (under embargo, live by itself at its `publishedAt`), `taken-down` (by an
 * editor) or `withdrawn` (deleted by its partner).
 */
export type EditorialState = 'published' | 'pending' | 'scheduled' | 'taken-down' | 'withdrawn';

/** Every `EditorialState`, for validation and filters. */
export const EDITORIAL_STATES = ['published', 'pending', 'scheduled', 'taken-down', 'withdrawn'] as const;

/** The attribution an editor audits and may correct: who delivered, published, wrote, licensed. */
export interface AttributionView {
  deliveredBy: { partnerId: string; name: string; homepage?: string };
  publisher: { name: string; url?: string };
  publisherSource: 'explicit' | 'credit-line' | 'partner';
  via?: string;
  authors: Author[];
  license?: string;
  originalUrl: string;
}

/** One article in the editor list (`GET /v1/articles`). All strings are text, never HTML. */
export interface ArticleSummaryView {
  articleId: string;
  partnerId: string;
  externalId: string;
  slug: string;
  /** The public page's address. */
  url: string;
  title: string;
  language: string;
  direction: TextDirection;
  publishedAt: string;
  updatedAt: string;
  /** When the head last changed (a delivery or an editor's action). */
  modifiedAt: string;
  revision: number;
  state: EditorialState;
  attribution: AttributionView;
  /** Fields an editor corrected and still holds against partner updates. */
  held: CorrectableField[];
}

/** One revision as the history shows it: what made it, when, and what it left public. */
export interface RevisionView {
  revision: number;
  recordedAt: string;
  visibility: Visibility;
  title: string;
  origin:
    | { kind: 'delivery'; deliveryId: string; eventType: string }
    | {
        kind: 'editor';
        action: 'correction' | 'takedown' | 'restore' | 'release';
        editor: string;
        reason: string;
        fields?: CorrectableField[];
      };
}

/** A takedown or a restore, for the audit trail. */
export interface TakedownEventView {
  action: 'takedown' | 'restore';
  at: string;
  editor: string;
  reason: string;
  revision: number;
}

/** One article in full (`GET /v1/articles/{articleId}`), and the answer to every editor action on it. */
export interface ArticleDetailView extends ArticleSummaryView {
  summary: string;
  categories: string[];
  image?: { url: string; alt?: string };
  /** CONTRACT §4: what was last rendered; `null` before the first render. */
  publication: { state: 'published' | 'unpublished'; revision: number; renderedAt: string } | null;
  /** Newest first. */
  revisions: RevisionView[];
  /** Oldest first, as the page shows them. */
  corrections: CorrectionNotice[];
  /** Oldest first. */
  takedowns: TakedownEventView[];
  /** The takedown in force, if any. */
  takedown?: Omit<Takedown, 'partnerVisibility'>;
}

/** A page of the editor list, newest first; `nextCursor` is absent on the last page. */
export interface ArticleListView {
  items: ArticleSummaryView[];
  nextCursor?: string;
}
