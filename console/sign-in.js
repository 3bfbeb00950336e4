// @ts-check
/**
 * The console's sign-in seam. The API learns who the editor is from the `Authorization: Bearer`
 * credential; how the console obtains that credential depends on where it runs, and `config.json`
 * says which strategy applies:
 *
 * - `token` (the local run): the editor pastes the token `npm start` printed. It is kept in
 *   `sessionStorage` (gone when the tab closes; never in `localStorage` or a cookie) and sent as the
 *   bearer; the API compares it with `EDITOR_TOKEN`.
 * - `oidc` (AWS): the editor signs in at the identity provider the HTTP API's JWT authorizer
 *   trusts (authorization code with PKCE); the ID token it returns is the bearer
 *   (console/oidc-sign-in.js).
 *
 * The views use only the interface below, so they do not know which applies.
 */

import { h, replaceChildren } from './dom.js';
import { oidcSignIn } from './oidc-sign-in.js';

/** @typedef {import('./api.js').ApiProblem} ApiProblem */
/** @typedef {import('./oidc-sign-in.js').OidcSignInConfig} OidcSignInConfig */

/**
 * @typedef {{ kind: 'token' }} TokenSignInConfig
 * @typedef {TokenSignInConfig | OidcSignInConfig} SignInConfig
 */

/**
 * What the console gives a strategy when it asks the editor to sign in.
 *
 * @typedef {object} SignInContext
 * @property {string} [message] why the editor is asked (signed out, the credential was refused)
 * @property {(credential: string) => Promise<void>} check asks the API whether it accepts a credential; throws an `ApiProblem` when not
 * @property {() => void} signedIn called once a credential is kept
 */

/**
 * One way of signing in.
 *
 * @typedef {object} SignInStrategy
 * @property {SignInConfig['kind']} kind
 * @property {() => Promise<string | undefined>} credential the bearer credential, or `undefined` when signed out (renewed first when it is about to lapse)
 * @property {() => Promise<void>} resume finishes a sign-in the browser has come back from, before the first view
 * @property {(container: HTMLElement, context: SignInContext) => void} render builds the sign-in view into `container`
 * @property {() => void} forget forgets the credential (the API no longer accepts it)
 * @property {() => Promise<boolean>} signOut forgets the credential and ends the sign-in; `true` when it leaves the page to end it at the provider
 */

const TOKEN_KEY = 'syndication-editor-token';

/**
 * The local sign-in: the editor token `npm start` prints, kept for this tab only.
 *
 * @param {Storage} storage
 * @returns {SignInStrategy}
 */
export function tokenSignIn(storage) {
  return {
    kind: 'token',
    credential: async () => storage.getItem(TOKEN_KEY) ?? undefined,
    resume: async () => undefined,
    forget: () => storage.removeItem(TOKEN_KEY),
    async signOut() {
      storage.removeItem(TOKEN_KEY);
      return false;
    },
    render(container, context) {
      const error = h('p', { id: 'sign-in-error', class: 'field-error', role: 'alert' });
      const input = h('input', {
        id: 'token',
        name: 'token',
        type: 'password',
        autocomplete: 'off',
        spellcheck: 'false',
        required: true,
        'aria-required': 'true',
        'aria-describedby': 'token-hint sign-in-error',
      });
      const button = h('button', { type: 'submit' }, 'Sign in');
      /** @param {Event} event */
      const submit = async (event) => {
        event.preventDefault();
        const token = input.value.trim();
        error.textContent = '';
        input.removeAttribute('aria-invalid');
        if (token === '') {
          error.textContent = 'Enter the editor token.';
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        button.disabled = true;
        try {
          await context.check(token);
          storage.setItem(TOKEN_KEY, token);
          context.signedIn();
        } catch (caught) {
          const problem = /** @type {ApiProblem} */ (caught);
          error.textContent =
            problem.status === 401
              ? 'That token was not accepted. Use the editor token the pipeline printed when it started (EDITOR_TOKEN).'
              : `Could not sign in. ${problem.message}`;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
        } finally {
          button.disabled = false;
        }
      };
      replaceChildren(
        container,
        h('h1', { tabindex: '-1' }, 'Sign in'),
        context.message ? h('p', { class: 'notice', role: 'alert' }, context.message) : null,
        h(
          'form',
          { class: 'sign-in', novalidate: true, onsubmit: submit },
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'token' }, 'Editor token'),
            h(
              'p',
              { id: 'token-hint', class: 'hint' },
              'The token printed by npm start (“editor token”). It is kept in this tab only and forgotten when you sign out or close the tab.',
            ),
            input,
            error,
          ),
          button,
        ),
      );
    },
  };
}

/**
 * The strategy `config.json` names.
 *
 * @param {SignInConfig} config
 * @param {Storage} storage
 * @returns {SignInStrategy}
 */
export function createSignIn(config, storage) {
  return config.kind === 'oidc' ? oidcSignIn(config, storage) : tokenSignIn(storage);
}
