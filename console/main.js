// @ts-check
/**
 * The editor console: a static page over the editor API (docs/console.md). The address after `#`
 * says what is shown, so Back, reload and bookmarks work without a server of its own:
 * `#/` (the list, filters as a query), `#/articles/{id}`, `#/republish`, `#/jobs/{id}`.
 */

import { ApiClient } from './api.js';
import { loadConsoleConfig } from './config.js';
import { h, replaceChildren } from './dom.js';
import { createSignIn } from './sign-in.js';
import { renderArticleDetail } from './views/article-detail.js';
import { renderArticleList } from './views/article-list.js';
import { asProblem, problemAlert } from './views/problem-view.js';
import { renderJob, renderRepublishForm } from './views/republish-site.js';

/** @typedef {import('./views/view-context.js').ViewContext} ViewContext */

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

async function start() {
  const main = byId('main');
  const nav = byId('nav');
  const announcer = byId('announcer');

  let config;
  try {
    config = await loadConsoleConfig();
  } catch (error) {
    replaceChildren(
      main,
      h('h1', { tabindex: '-1' }, 'The console cannot start'),
      h('p', { role: 'alert' }, `Its configuration (config.json) is missing or wrong: ${String(error)}`),
    );
    return;
  }
  const signIn = createSignIn(config.signIn, window.sessionStorage);
  await signIn.resume();

  /** Which render is current; a view whose number is not stops what it was doing. */
  let generation = 0;
  /** Where "All articles" returns to: the list as last filtered. */
  let lastList = '#/';

  /** @param {string} message */
  function announce(message) {
    // Emptied first so the same words twice are read twice.
    announcer.textContent = '';
    window.setTimeout(() => {
      announcer.textContent = message;
    }, 50);
  }

  /** @param {string} [message] */
  function showSignIn(message) {
    generation += 1;
    nav.hidden = true;
    signIn.render(main, {
      message,
      check: (credential) => api.checkCredential(credential),
      signedIn: () => {
        announce('Signed in.');
        void route();
      },
    });
    focusHeading();
  }

  const api = new ApiClient({
    baseUrl: config.apiBaseUrl,
    credential: () => signIn.credential(),
    onUnauthorized: () => {
      signIn.forget();
      showSignIn(
        signIn.kind === 'token'
          ? 'You were signed out: the editor API no longer accepts your sign-in. It may have expired, or the pipeline restarted with a new token. Sign in again.'
          : 'You were signed out: the editor API no longer accepts your sign-in. It may have expired or been revoked. Sign in again.',
      );
    },
  });

  function focusHeading() {
    const heading = main.querySelector('h1');
    if (heading) heading.focus({ preventScroll: false });
    else main.focus();
  }

  async function route() {
    const hash = window.location.hash || '#/';
    // In-page anchors (the skip link's #main) are not views.
    if (!hash.startsWith('#/')) return;
    generation += 1;
    const mine = generation;
    const credential = await signIn.credential();
    if (mine !== generation) return;
    if (!credential) {
      showSignIn();
      return;
    }
    nav.hidden = false;
    /** @type {ViewContext} */
    const context = { api, main, announce, isCurrent: () => mine === generation };
    const [path = '/', queryText = ''] = hash.slice(1).split('?', 2);
    const query = new URLSearchParams(queryText);
    const article = /^\/articles\/([^/]+)$/.exec(path);
    const job = /^\/jobs\/([^/]+)$/.exec(path);
    try {
      if (path === '/') {
        const rendered = renderArticleList(context, query);
        document.title = 'Articles · Editor console';
        focusHeading();
        await rendered;
      } else if (article?.[1]) {
        const rendered = renderArticleDetail(context, decodeURIComponent(article[1]), lastList);
        await rendered;
        document.title = `${main.querySelector('h1')?.textContent ?? 'Article'} · Editor console`;
        if (context.isCurrent()) focusHeading();
      } else if (path === '/republish') {
        renderRepublishForm(context);
        document.title = 'Republish the site · Editor console';
        focusHeading();
      } else if (job?.[1]) {
        document.title = 'Republishing · Editor console';
        const rendered = renderJob(context, decodeURIComponent(job[1]));
        focusHeading();
        await rendered;
      } else {
        replaceChildren(
          main,
          h('h1', { tabindex: '-1' }, 'Nothing here'),
          h('p', {}, 'The console has no such page. ', h('a', { href: '#/' }, 'Go to the articles.')),
        );
        focusHeading();
      }
    } catch (error) {
      if (context.isCurrent())
        replaceChildren(
          main,
          h('h1', { tabindex: '-1' }, 'Something went wrong'),
          problemAlert(asProblem(error)),
        );
    }
  }

  const signOutButton = byId('sign-out');
  signOutButton.addEventListener('click', async () => {
    // Once only, and out of sight at once: signing out may wait for the provider.
    signOutButton.setAttribute('disabled', '');
    nav.hidden = true;
    try {
      // Leaving for the provider's sign-out page, which sends the editor back here signed out.
      if (await signIn.signOut()) return;
    } catch {
      // The tokens are forgotten first; whatever failed after, this tab is signed out.
    }
    signOutButton.removeAttribute('disabled');
    showSignIn('You are signed out.');
  });
  window.addEventListener('hashchange', (event) => {
    // The list records its filters in the address as they change; "All articles" returns to them.
    const left = new URL(event.oldURL).hash;
    if (left === '#/' || left.startsWith('#/?')) lastList = left;
    void route();
  });
  await route();
}

void start();
