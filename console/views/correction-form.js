// @ts-check
import { ApiProblem } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { fieldLabel } from '../words.js';
import { asProblem, problemAlert } from './problem-view.js';

/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../../shared/editor/editor-views').ArticleDetailView} ArticleDetailView */
/** @typedef {{ name: string, url?: string }} Author an author as the API takes it */

/**
 * The form's fields; `articleText` ones are in the article's language and direction.
 *
 * @typedef {object} FieldSpec
 * @property {string} id
 * @property {string} label
 * @property {string} [hint]
 * @property {'input' | 'textarea'} control
 * @property {string} [type]
 * @property {boolean} [articleText]
 * @property {(view: ArticleDetailView) => string} value the current value, as the form shows it
 */

/** @type {FieldSpec[]} */
const FIELDS = [
  { id: 'title', label: 'Title', control: 'input', articleText: true, value: (view) => view.title },
  { id: 'summary', label: 'Summary', control: 'textarea', articleText: true, value: (view) => view.summary },
  {
    id: 'categories',
    label: 'Categories',
    hint: 'One per line.',
    control: 'textarea',
    articleText: true,
    value: (view) => view.categories.join('\n'),
  },
  {
    id: 'publisher-name',
    label: 'Original publisher',
    hint: 'Who first published the article, credited on its page.',
    control: 'input',
    value: (view) => view.attribution.publisher.name,
  },
  {
    id: 'publisher-url',
    label: 'Original publisher’s website',
    hint: 'An address starting with https://, or empty.',
    control: 'input',
    type: 'url',
    value: (view) => view.attribution.publisher.url ?? '',
  },
  {
    id: 'authors',
    label: 'Authors',
    hint: 'One per line: the name, then optionally a space and the address of their page (https://…).',
    control: 'textarea',
    value: (view) => view.attribution.authors.map(authorLine).join('\n'),
  },
  {
    id: 'license',
    label: 'License',
    hint: 'Leave empty to remove the license.',
    control: 'input',
    value: (view) => view.attribution.license ?? '',
  },
  {
    id: 'original-url',
    label: 'Original URL',
    hint: 'Where the article was first published.',
    control: 'input',
    type: 'url',
    value: (view) => view.attribution.originalUrl,
  },
];

/**
 * Which form field a problem's JSON pointer names (the PATCH body's shape, docs/editor-api.md);
 * the first matching prefix wins.
 *
 * @type {Array<[string, string]>}
 */
const POINTER_FIELDS = [
  ['/title', 'title'],
  ['/summary', 'summary'],
  ['/categories', 'categories'],
  ['/attribution/publisher/url', 'publisher-url'],
  ['/attribution/publisher', 'publisher-name'],
  ['/attribution/authors', 'authors'],
  ['/attribution/license', 'license'],
  ['/attribution/originalUrl', 'original-url'],
  ['/release', 'release'],
  ['/reason', 'reason'],
];

/**
 * @param {string} pointer
 * @returns {string | undefined}
 */
function fieldOfPointer(pointer) {
  return POINTER_FIELDS.find(([prefix]) => pointer === prefix || pointer.startsWith(`${prefix}/`))?.[1];
}

/** @param {Author} author */
function authorLine(author) {
  return author.url ? `${author.name} ${author.url}` : author.name;
}

/**
 * @param {string} text
 * @returns {Author[]}
 */
function parseAuthors(text) {
  return lines(text).map((line) => {
    const match = /^(.*\S)\s+(https?:\/\/\S+)$/.exec(line);
    return match?.[1] && match[2] ? { name: match[1], url: match[2] } : { name: line };
  });
}

/**
 * @param {string} text
 * @returns {string[]}
 */
function lines(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The correction form of an article: every correctable field filled with its current value, the
 * held fields an editor may give back to the partner, and the required reason. It sends only what
 * changed, as a PATCH that names the revision the editor saw.
 *
 * @param {ViewContext} context
 * @param {ArticleDetailView} view
 * @param {(corrected: ArticleDetailView) => void} onCorrected
 * @param {() => void} onStale the article moved on since it was shown: reload it
 * @returns {HTMLElement}
 */
export function correctionForm(context, view, onCorrected, onStale) {
  /** @type {Map<string, HTMLInputElement | HTMLTextAreaElement>} */
  const controls = new Map();
  /** @type {Map<string, HTMLElement>} */
  const errors = new Map();
  const summary = h('div', { id: 'correct-problem', class: 'form-problem' });

  /**
   * @param {string} id
   * @returns {HTMLParagraphElement}
   */
  function errorSlot(id) {
    const slot = h('p', { id: `correct-${id}-error`, class: 'field-error' });
    errors.set(id, slot);
    return slot;
  }

  const fieldElements = FIELDS.map((spec) => {
    const attributes = {
      id: `correct-${spec.id}`,
      name: spec.id,
      type: spec.control === 'input' ? (spec.type ?? 'text') : undefined,
      rows: spec.control === 'textarea' ? '4' : undefined,
      lang: spec.articleText ? view.language : undefined,
      dir: 'auto',
      spellcheck: spec.type === 'url' ? 'false' : undefined,
      'aria-describedby': [spec.hint ? `correct-${spec.id}-hint` : '', `correct-${spec.id}-error`]
        .filter(Boolean)
        .join(' '),
    };
    const control = spec.control === 'textarea' ? h('textarea', attributes) : h('input', attributes);
    control.value = spec.value(view);
    controls.set(spec.id, control);
    return h(
      'div',
      { class: 'field' },
      h('label', { for: `correct-${spec.id}` }, spec.label),
      spec.hint ? h('p', { id: `correct-${spec.id}-hint`, class: 'hint' }, spec.hint) : null,
      control,
      errorSlot(spec.id),
    );
  });

  const releaseBoxes = view.held.map((field) =>
    h('input', { type: 'checkbox', id: `release-${field}`, name: 'release', value: field }),
  );
  const release =
    view.held.length === 0
      ? null
      : h(
          'fieldset',
          { id: 'correct-release', class: 'release', 'aria-describedby': 'correct-release-error' },
          h('legend', {}, 'Give fields back to the partner'),
          h(
            'p',
            { class: 'hint' },
            'These fields keep an editor’s correction when the partner updates the article. Tick one to let the partner’s newest value apply again.',
          ),
          view.held.map((field, index) =>
            h(
              'div',
              { class: 'check' },
              releaseBoxes[index],
              h('label', { for: `release-${field}` }, fieldLabel(field)),
            ),
          ),
          errorSlot('release'),
        );

  const reason = h('textarea', {
    id: 'correct-reason',
    name: 'reason',
    rows: '3',
    maxlength: '500',
    required: true,
    'aria-required': 'true',
    'aria-describedby': 'correct-reason-hint correct-reason-error',
  });
  controls.set('reason', reason);
  const submit = h('button', { type: 'submit' }, 'Save the correction');

  function clearErrors() {
    replaceChildren(summary);
    for (const [id, slot] of errors) {
      slot.textContent = '';
      controls.get(id)?.removeAttribute('aria-invalid');
    }
  }

  /**
   * Shows each field error beside its field; the rest, with the problem's words, above the button.
   *
   * @param {ApiProblem} problem
   * @param {...(Node | string)} extra
   */
  function showProblem(problem, ...extra) {
    /** @type {Array<{ pointer: string, message: string }>} */
    const unplaced = [];
    let first;
    for (const error of problem.errors) {
      const id = fieldOfPointer(error.pointer);
      const slot = id ? errors.get(id) : undefined;
      if (!id || !slot) {
        unplaced.push(error);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
      const control = controls.get(id) ?? (id === 'release' ? releaseBoxes[0] : undefined);
      control?.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
    replaceChildren(summary, problemAlert(problem, unplaced, ...extra));
    (first ?? summary.querySelector('button') ?? submit).focus();
  }

  /** @returns {Record<string, unknown> | undefined} the PATCH body, or `undefined` with the errors shown */
  function correction() {
    /** @param {string} id */
    const value = (id) => controls.get(id)?.value.trim() ?? '';
    const current = view.attribution;
    /** @type {Record<string, unknown>} */
    const body = { reason: value('reason') };
    if (value('title') !== view.title.trim()) body.title = value('title');
    if (value('summary') !== view.summary.trim()) body.summary = value('summary');
    const categories = lines(value('categories'));
    if (categories.join('\n') !== view.categories.join('\n')) body.categories = categories;

    /** @type {Record<string, unknown>} */
    const attribution = {};
    if (
      value('publisher-name') !== current.publisher.name ||
      value('publisher-url') !== (current.publisher.url ?? '')
    ) {
      attribution.publisher = value('publisher-url')
        ? { name: value('publisher-name'), url: value('publisher-url') }
        : { name: value('publisher-name') };
    }
    const authors = parseAuthors(value('authors'));
    if (
      JSON.stringify(authors) !== JSON.stringify(current.authors.map((a) => (a.url ? a : { name: a.name })))
    ) {
      attribution.authors = authors;
    }
    if (value('license') !== (current.license ?? '')) attribution.license = value('license') || null;
    if (value('original-url') !== current.originalUrl) attribution.originalUrl = value('original-url');
    if (Object.keys(attribution).length > 0) body.attribution = attribution;
    const released = releaseBoxes.filter((box) => box.checked).map((box) => box.value);
    if (released.length > 0) body.release = released;

    /** @type {Array<{ pointer: string, message: string }>} */
    const problems = [];
    if (body.reason === '') {
      problems.push({
        pointer: '/reason',
        message: 'Give a reason: readers see it in the correction notice.',
      });
    }
    if (Object.keys(body).length === 1) {
      problems.push({
        pointer: '',
        message: 'Nothing to correct yet: change a field, or give one back to the partner.',
      });
    }
    if (problems.length > 0) {
      showProblem(new ApiProblem({ title: 'The correction is not complete', errors: problems }));
      return undefined;
    }
    return body;
  }

  /** @param {Event} event */
  async function send(event) {
    event.preventDefault();
    clearErrors();
    const body = correction();
    if (!body) return;
    submit.disabled = true;
    try {
      const corrected = await context.api.correctArticle(view.articleId, body, view.revision);
      if (context.isCurrent()) onCorrected(corrected);
    } catch (error) {
      if (!context.isCurrent()) return;
      const problem = asProblem(error);
      const reload =
        problem.status === 412
          ? h('button', { type: 'button', onclick: onStale }, 'Reload the article')
          : undefined;
      showProblem(problem, ...(reload ? [reload] : []));
    } finally {
      submit.disabled = false;
    }
  }

  return h(
    'section',
    { class: 'correct', 'aria-labelledby': 'correct-heading' },
    h('h2', { id: 'correct-heading' }, 'Correct this article'),
    h(
      'p',
      { class: 'hint' },
      'Change what is wrong and say why. The page shows a correction notice with the date and your reason; the feeds carry the corrected text. A corrected field keeps your value when the partner updates the article.',
    ),
    h(
      'form',
      { id: 'correction-form', novalidate: true, onsubmit: send },
      fieldElements,
      release,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'correct-reason' }, 'Reason for the correction'),
        h(
          'p',
          { id: 'correct-reason-hint', class: 'hint' },
          'Required. Shown to readers with the correction.',
        ),
        reason,
        errorSlot('reason'),
      ),
      summary,
      h('div', { class: 'form-actions' }, submit),
    ),
  );
}
