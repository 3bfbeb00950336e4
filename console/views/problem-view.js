// @ts-check
import { ApiProblem } from '../api.js';
import { h } from '../dom.js';

/**
 * Any failure as an `ApiProblem`: the API's own, or a fault of the console itself in words.
 *
 * @param {unknown} error
 * @returns {ApiProblem}
 */
export function asProblem(error) {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({
    title: 'The console hit an unexpected problem',
    detail: 'Reload the page and try again.',
    cause: error,
  });
}

/**
 * A problem as an alert: its title, its detail, and the field errors no form field took.
 *
 * @param {ApiProblem} problem
 * @param {Array<{ pointer: string, message: string }>} [unplaced] field errors to list here
 * @param {...(Node | string)} extra e.g. a button to reload
 * @returns {HTMLElement}
 */
export function problemAlert(problem, unplaced = problem.errors, ...extra) {
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('p', { class: 'problem-title' }, problem.title),
    problem.detail ? h('p', {}, problem.detail) : null,
    unplaced.length > 0
      ? h(
          'ul',
          {},
          unplaced.map((error) =>
            h('li', {}, error.pointer ? `${error.pointer}: ${error.message}` : error.message),
          ),
        )
      : null,
    ...extra,
  );
}
