// @ts-check
import { h } from '../dom.js';

/**
 * @typedef {object} ReasonDialogOptions
 * @property {string} heading
 * @property {Array<Node | string>} message what will happen, in words
 * @property {string} reasonLabel
 * @property {boolean} reasonRequired
 * @property {string} confirmLabel
 */

/**
 * Asks the editor to confirm an action and give its reason, in a modal dialog (focus stays inside,
 * Escape cancels, focus returns to where it was).
 *
 * @param {ReasonDialogOptions} options
 * @returns {Promise<string | undefined>} the reason (`''` when optional and left empty), `undefined` when cancelled
 */
export function askForReason(options) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const reason = h('textarea', {
    id: 'dialog-reason',
    name: 'reason',
    rows: '3',
    maxlength: '500',
    required: options.reasonRequired,
    'aria-required': options.reasonRequired ? 'true' : 'false',
    'aria-describedby': 'dialog-reason-error',
  });
  const error = h('p', { id: 'dialog-reason-error', class: 'field-error', role: 'alert' });
  const dialog = h('dialog', { class: 'reason-dialog', 'aria-labelledby': 'dialog-heading' });

  return new Promise((resolve) => {
    /** @type {string | undefined} */
    let answer;
    const cancel = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => dialog.close() },
      'Cancel',
    );
    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const text = reason.value.trim();
          if (options.reasonRequired && text === '') {
            error.textContent = 'Give a reason: it is recorded with the action.';
            reason.setAttribute('aria-invalid', 'true');
            reason.focus();
            return;
          }
          answer = text;
          dialog.close();
        },
      },
      h('h2', { id: 'dialog-heading' }, options.heading),
      h('p', {}, ...options.message),
      h('div', { class: 'field' }, h('label', { for: 'dialog-reason' }, options.reasonLabel), reason, error),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'danger' }, options.confirmLabel),
        cancel,
      ),
    );
    dialog.append(form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener?.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    reason.focus();
  });
}
