import type { PlainText } from '../text/markup';
import type { Author, Visibility } from './article';

/** Who an editor is, as the identity seam establishes it (a local token, or a sign-in's claims in AWS). */
export interface EditorIdentity {
  /** Stable id recorded on revisions: `local-editor` locally, the JWT `sub` in AWS. */
  id: string;
  /** A name fit to show other editors (the JWT `email` or `name`), when known. */
  displayName?: string;
}

/** The fields an editor may correct (CONTRACT §4: title, summary, categories, attribution). */
export const CORRECTABLE_FIELDS = [
  'title',
  'summary',
  'categories',
  'authors',
  'publisher',
  'license',
  'originalUrl',
] as const;

/** One field an editor may correct. */
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** Values of correctable fields; a field that is absent is not set by this record. */
export interface CorrectableValues {
  title?: PlainText;
  summary?: PlainText;
  categories?: PlainText[];
  authors?: Author[];
  publisher?: { name: PlainText; url?: string };
  /** `null` records that the editor removed the license the partner gave. */
  license?: PlainText | null;
  originalUrl?: string;
}

/** A correction as readers see it: when, why, and what it touched. */
export interface CorrectionNotice {
  /** UTC ISO instant of the correction. */
  at: string;
  reason: PlainText;
  fields: CorrectableField[];
  /** The revision the correction made. */
  revision: number;
  /** The editor's id, for the audit trail; never rendered to readers. */
  editor: string;
}

/** An editor's takedown, held until an editor republishes the article. */
export interface Takedown {
  at: string;
  editor: string;
  reason: PlainText;
  /**
   * What the partner's newest event says (an update: `public`, a deletion: `withdrawn`); the
   * article returns to it when an editor restores it. Partner events change this, never the takedown.
   */
  partnerVisibility: Visibility;
}

/**
 * What editors have decided about an article, kept on its head and carried through every revision.
 * A partner update applies its new body and its own values of the fields no editor holds; a field
 * an editor corrected keeps the editor's value until an editor releases it
 * (docs/decisions/0021-editor-corrections-outlive-partner-updates.md).
 */
export interface Editorial {
  /** The editor's values, which win over the partner's. */
  held: CorrectableValues;
  /** The partner's newest values of the held fields, restored when an editor releases one. */
  partner: CorrectableValues;
  /** Every correction, oldest first, shown on the page and in its JSON-LD. */
  corrections: CorrectionNotice[];
  /** Present while the article is taken down. */
  takedown?: Takedown;
  /**
   * The partner's newest `updatedAt`, once a correction has moved the article's own past it (a
   * correction is an update readers see). Ingest judges a partner's update against this, so a
   * correction never makes the partner's next edit look stale.
   */
  partnerUpdatedAt?: string;
}
