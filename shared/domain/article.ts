import type { PlainText, SafeHtml } from '../text/markup';
import type { CorrectableField, Editorial } from './editorial';

/** A person credited for an article. */
export interface Author {
  name: PlainText;
  url?: string;
}

/** Text direction of an article: the `dir` its page declares, else its language's script's. */
export type TextDirection = 'ltr' | 'rtl';

/**
 * Where an article comes from: who delivered it, who first published it, who wrote it and under
 * what terms. Stored with every revision and shown on every output.
 */
export interface SourceAttribution {
  /** The partner that delivered it to us. */
  deliveredBy: { partnerId: string; name: PlainText; homepage?: string };
  /** The original publisher: explicit, recognised from a credit line, or the partner itself. */
  publisher: { name: PlainText; url?: string };
  /** How the publisher was established, so editors can audit it. */
  publisherSource: 'explicit' | 'credit-line' | 'partner';
  /** The network named by a stripped dateline, when there was one. */
  via?: PlainText;
  license?: PlainText;
  originalUrl: string;
}

/**
 * The cleaned, attributed content of one revision: everything rendering needs. Every field a reader
 * sees is either text (`PlainText`, escaped where it enters HTML or XML) or the sanitiser's HTML
 * (`SafeHtml`), so the compiler refuses one where the other belongs. URLs are plain strings,
 * escaped wherever they enter markup.
 */
export interface ArticleContent {
  title: PlainText;
  /** Text, never HTML: the partner's summary or the body's first words. */
  summary: PlainText;
  /** Sanitised HTML with absolute URLs and no XML-forbidden characters. */
  bodyHtml: SafeHtml;
  url: string;
  /** RFC 3339 as delivered (offset kept). */
  publishedAt: string;
  updatedAt: string;
  authors: Author[];
  categories: PlainText[];
  image?: { url: string; alt?: PlainText };
  /** Shortest BCP 47 tag (`ar`, `en`). */
  language: string;
  direction: TextDirection;
  attribution: SourceAttribution;
}

/**
 * Whether the article should be on the public site at all: `public` on it; `scheduled` delivered
 * under embargo, in no public object until its `publishedAt` (docs/decisions/0045-embargoes-released-by-a-one-time-schedule.md);
 * `withdrawn` deleted by its partner or taken down by an editor.
 */
export type Visibility = 'public' | 'scheduled' | 'withdrawn';

/** The current state of one article, the head of its revision history. */
export interface Article {
  articleId: string;
  partnerId: string;
  externalId: string;
  /** Chosen once at creation; never changes. */
  slug: string;
  revision: number;
  visibility: Visibility;
  /** Bumped by every change that alters what is public; the publisher renders up to it. */
  changeSeq: number;
  content: ArticleContent;
  contentHash: string;
  createdAt: string;
  modifiedAt: string;
  /** The newest partner event applied to it (envelope `timestamp`, UTC ISO); older ones are refused. */
  eventAt?: string;
  /** Editors' corrections and takedown; absent until an editor first acts on the article. */
  editorial?: Editorial;
  /**
   * Set on an article delivered under embargo until it first goes live: its address has never been
   * public, so nothing (not even a removed page) is ever written for it while this holds.
   */
  neverPublic?: true;
}

/** What made a revision. */
export type RevisionOrigin =
  | { kind: 'delivery'; deliveryId: string; eventType: string }
  | {
      kind: 'editor';
      /** A correction, a takedown, a restore after one, or a release of corrected fields to the partner. */
      action: 'correction' | 'takedown' | 'restore' | 'release';
      reason: string;
      editor: string;
      /** The fields a correction or release touched. */
      fields?: CorrectableField[];
    };

/** One immutable revision of an article. */
export interface ArticleRevision {
  articleId: string;
  revision: number;
  content: ArticleContent;
  contentHash: string;
  visibility: Visibility;
  origin: RevisionOrigin;
  recordedAt: string;
}

/** The public state of an article as last rendered. */
export interface Publication {
  articleId: string;
  state: 'published' | 'unpublished';
  revision: number;
  renderedSeq: number;
  renderedAt: string;
}
