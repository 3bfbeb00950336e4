// @ts-check
/**
 * The console's sign-in seam. The API learns who the editor is from the `Authorization: Bearer`
 * credential; how the console obtains that credential depends on where it runs, and `config.json`
 * says which strategy applies:
 *
 * - `token` (the local run): the editor pastes the token `npm start` printed. It is kept in
 *   `sessionStorage` (gone when the tab closes; never in `localStorage` or a cookie) and sent as the
 *   bearer; the API compares it with `EDITOR_TOKEN`.
 * - `oidc` (AWS): arrives with the AWS deployment issue. Its interface is fixed here so the views
 *   need no change: the strategy will send the editor to the identity provider (`issuer`, e.g. a
 *   Cognito user pool) with an Authorization Code + PKCE request for `clientId`, come back to
 *   `/editor/`, exchange the code at the issuer's token endpoint, keep the ID token in
 *   `sessionStorage` and hand it out as the bearer; the HTTP API's JWT authorizer verifies it and
 *   its claims (`sub`, `email`) become the editor's identity. Until then it explains that it is not
 *   available rather than pretending to work.
 */

import { h, replaceChildren } from './dom.js';

/** @typedef {import('./api.js').ApiProblem} ApiProblem */

/**
 * @typedef {{ kind: 'token' }} TokenSignInConfig
 * @typedef {{ kind: 'oidc', issuer: string, clientId: string, scopes?: string[] }} OidcSignInConfig
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
 * @property {() => string | undefined} credential the bearer credential, or `undefined` when signed out
 * @property {(container: HTMLElement, context: SignInContext) => void} render builds the sign-in view into `container`
 * @property {() => void} signOut forgets the credential
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
    credential: () => storage.getItem(TOKEN_KEY) ?? undefined,
    signOut: () => storage.removeItem(TOKEN_KEY),
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
 * The AWS sign-in's place in the seam; it arrives with the AWS deployment issue (see the module
 * comment for the flow it will implement).
 *
 * @param {OidcSignInConfig} config
 * @returns {SignInStrategy}
 */
export function oidcSignIn(config) {
  return {
    kind: 'oidc',
    credential: () => undefined,
    signOut: () => undefined,
    render(container) {
      replaceChildren(
        container,
        h('h1', { tabindex: '-1' }, 'Sign in'),
        h(
          'p',
          { class: 'notice', role: 'alert' },
          'Signing in with your organisation’s account is not available yet: it arrives with the AWS deployment. ',
          `This console is configured for the identity provider at ${config.issuer}.`,
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
  return config.kind === 'oidc' ? oidcSignIn(config) : tokenSignIn(storage);
}
