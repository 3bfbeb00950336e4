// @ts-check
import { ApiProblem } from '../api.js';
import { facts, h, replaceChildren, sleep, timeOf } from '../dom.js';
import { asProblem, problemAlert } from './problem-view.js';
import { POLL_INTERVAL_MS } from './view-context.js';

/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../../shared/jobs/republish-job').JobView} JobView */

/**
 * A job's scope in words.
 *
 * @param {string} scope `all`, `feeds` or `partner:{id}`
 * @returns {string}
 */
function scopeWords(scope) {
  if (scope === 'all') return 'every page and every feed';
  if (scope === 'feeds') return 'every feed and the index';
  if (scope.startsWith('partner:')) return `the pages and feeds of partner ${scope.slice('partner:'.length)}`;
  return scope;
}

/**
 * The form that starts a republish job: everything, the feeds, or one partner.
 *
 * @param {ViewContext} context
 */
export function renderRepublishForm(context) {
  /**
   * @param {string} value
   * @param {string} label
   * @param {string} hint
   */
  const choice = (value, label, hint) =>
    h(
      'div',
      { class: 'check' },
      h('input', {
        type: 'radio',
        name: 'scope',
        id: `scope-${value}`,
        value,
        checked: value === 'all',
        'aria-describedby': `scope-${value}-hint`,
      }),
      h('label', { for: `scope-${value}` }, label),
      h('p', { id: `scope-${value}-hint`, class: 'hint' }, hint),
    );
  const partner = h('input', {
    id: 'scope-partner-id',
    name: 'partner',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'scope-partner-id-error',
  });
  const partnerError = h('p', { id: 'scope-partner-id-error', class: 'field-error' });
  const problem = h('div', { class: 'form-problem' });
  const submit = h('button', { type: 'submit' }, 'Start republishing');

  /** @param {Event} event */
  async function start(event) {
    event.preventDefault();
    replaceChildren(problem);
    partnerError.textContent = '';
    partner.removeAttribute('aria-invalid');
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const chosen = new FormData(form).get('scope');
    let scope = typeof chosen === 'string' ? chosen : 'all';
    if (scope === 'partner') {
      const id = partner.value.trim();
      if (id === '') {
        partnerError.textContent = 'Name the partner whose articles to republish, e.g. almadar.';
        partner.setAttribute('aria-invalid', 'true');
        partner.focus();
        return;
      }
      scope = `partner:${id}`;
    }
    submit.disabled = true;
    try {
      const job = await context.api.startRepublish(scope);
      if (context.isCurrent()) window.location.hash = `#/jobs/${encodeURIComponent(job.jobId)}`;
    } catch (error) {
      if (!context.isCurrent()) return;
      const refused = asProblem(error);
      const scopeError = refused.errors.find((e) => e.pointer === '/scope');
      if (scopeError && scope.startsWith('partner:')) {
        partnerError.textContent = scopeError.message;
        partner.setAttribute('aria-invalid', 'true');
      }
      replaceChildren(problem, problemAlert(refused));
      submit.focus();
    } finally {
      submit.disabled = false;
    }
  }

  replaceChildren(
    context.main,
    h('h1', { tabindex: '-1' }, 'Republish the site'),
    h(
      'p',
      {},
      'Rebuilds pages and feeds from what the site holds now, for instance after a template change. Publishing goes on while it runs.',
    ),
    h(
      'form',
      { class: 'republish', novalidate: true, onsubmit: start },
      h(
        'fieldset',
        {},
        h('legend', {}, 'What to rebuild'),
        choice('all', 'Everything', 'Every article page, every feed, the index.'),
        choice('feeds', 'The feeds', 'Every feed in RSS, Atom and JSON, and the index; no article page.'),
        choice('partner', 'One partner', 'The partner’s article pages and the feeds they are in.'),
        h(
          'div',
          { class: 'field nested' },
          h('label', { for: 'scope-partner-id' }, 'Partner id (for “One partner”)'),
          partner,
          partnerError,
        ),
      ),
      problem,
      h('div', { class: 'form-actions' }, submit),
    ),
  );
}

/**
 * A republish job followed to its end with a progress bar.
 *
 * @param {ViewContext} context
 * @param {string} jobId
 */
export async function renderJob(context, jobId) {
  const progress = h('progress', { id: 'job-progress', 'aria-describedby': 'job-count' });
  const count = h('p', { id: 'job-count', class: 'count' });
  const state = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const about = h('div');
  replaceChildren(
    context.main,
    h('h1', { tabindex: '-1' }, 'Republishing'),
    about,
    h('div', { class: 'field' }, h('label', { for: 'job-progress' }, 'Progress'), progress, count),
    state,
    h('p', {}, h('a', { href: '#/republish' }, 'Start another republish')),
  );

  /** @param {JobView} job */
  function show(job) {
    replaceChildren(
      about,
      facts([
        ['Rebuilds', scopeWords(job.scope)],
        ['Started by', job.editor],
        ['Started', timeOf(job.createdAt)],
        ['Last progress', timeOf(job.updatedAt)],
      ]),
    );
    if (job.total > 0 || job.state !== 'running') {
      progress.max = Math.max(job.total, 1);
      progress.value = job.state === 'done' ? progress.max : Math.min(job.done, progress.max);
    } else {
      // Until the job has counted its work the bar says only that it is busy.
      progress.removeAttribute('value');
    }
    count.textContent = job.total > 0 ? `${job.done} of ${job.total} objects rebuilt` : 'Counting the work…';
  }

  let announced = -1;
  for (;;) {
    let job;
    try {
      job = await context.api.getJob(jobId);
    } catch (error) {
      if (context.isCurrent()) replaceChildren(state, problemAlert(asProblem(error)));
      return;
    }
    if (!context.isCurrent()) return;
    show(job);
    if (job.state === 'done') {
      replaceChildren(state, h('p', { class: 'done' }, `Done: ${scopeWords(job.scope)} rebuilt.`));
      context.announce('Republishing is done.');
      return;
    }
    if (job.state === 'failed') {
      replaceChildren(
        state,
        problemAlert(
          new ApiProblem({
            title: 'Republishing failed',
            detail: job.error ?? 'The job stopped. Starting it again rewrites only what differs.',
          }),
        ),
      );
      return;
    }
    // A quarter at a time is enough for a screen reader; the bar itself shows every step.
    const quarter = job.total > 0 ? Math.floor((job.done / job.total) * 4) : 0;
    if (quarter !== announced) {
      announced = quarter;
      replaceChildren(state, h('p', {}, `Running: ${count.textContent}.`));
    }
    await sleep(POLL_INTERVAL_MS);
    if (!context.isCurrent()) return;
  }
}
