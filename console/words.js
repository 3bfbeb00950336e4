// @ts-check
/** The console's words for the API's codes, so an editor never reads a raw value. */

/** @typedef {import('../shared/editor/editor-views').EditorialState} EditorialState */
/** @typedef {import('../shared/domain/editorial').CorrectableField} CorrectableField */
/** @typedef {import('../shared/editor/editor-views').RevisionView} RevisionView */

/** @type {Record<EditorialState, string>} */
export const STATE_LABELS = {
  published: 'Published',
  pending: 'Publishing…',
  scheduled: 'Scheduled (under embargo)',
  'taken-down': 'Taken down',
  withdrawn: 'Withdrawn by the partner',
};

/** @type {Record<CorrectableField, string>} */
export const FIELD_LABELS = {
  title: 'Title',
  summary: 'Summary',
  categories: 'Categories',
  authors: 'Authors',
  publisher: 'Original publisher',
  license: 'License',
  originalUrl: 'Original URL',
};

/** @type {Record<'explicit' | 'credit-line' | 'partner', string>} */
export const PUBLISHER_SOURCES = {
  explicit: 'named by the partner',
  'credit-line': 'found in the closing credit line',
  partner: 'the partner itself',
};

/** @type {Record<'correction' | 'takedown' | 'restore' | 'release', string>} */
const EDITOR_ACTIONS = {
  correction: 'Correction',
  takedown: 'Takedown',
  restore: 'Restore',
  release: 'Release to the partner',
};

/**
 * @param {string} value
 * @returns {string}
 */
export function stateLabel(value) {
  return STATE_LABELS[/** @type {EditorialState} */ (value)] ?? value;
}

/**
 * @param {string} field
 * @returns {string}
 */
export function fieldLabel(field) {
  return FIELD_LABELS[/** @type {CorrectableField} */ (field)] ?? field;
}

/**
 * What made a revision, in a sentence.
 *
 * @param {RevisionView['origin']} origin
 * @returns {string}
 */
export function describeOrigin(origin) {
  if (origin.kind === 'delivery') {
    return `Delivered by the partner (${origin.eventType}, delivery ${origin.deliveryId})`;
  }
  const fields = origin.fields?.length ? ` of ${origin.fields.map(fieldLabel).join(', ')}` : '';
  return `${EDITOR_ACTIONS[origin.action] ?? origin.action}${fields} by ${origin.editor}: “${origin.reason}”`;
}
