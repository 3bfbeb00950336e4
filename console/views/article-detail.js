// @ts-check
import { articleText, facts, h, replaceChildren, safeLink, sleep, timeOf } from '../dom.js';
import { describeOrigin, fieldLabel, PUBLISHER_SOURCES, stateLabel } from '../words.js';
import { correctionForm } from './correction-form.js';
import { asProblem, problemAlert } from './problem-view.js';
import { askForReason } from './reason-dialog.js';
import { FOLLOW_LIMIT_MS, POLL_INTERVAL_MS } from './view-context.js';

/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../../shared/editor/editor-views').ArticleDetailView} ArticleDetailView */

/**
 * @param {ArticleDetailView} view
 * @returns {HTMLElement}
 */
function attribution(view) {
  const { attribution: a } = view;
  return h(
    'section',
    { 'aria-labelledby': 'attribution-heading' },
    h('h2', { id: 'attribution-heading' }, 'Attribution'),
    facts([
      ['Delivered by', [a.deliveredBy.name, ` (${a.deliveredBy.partnerId})`]],
      [
        'Original publisher',
        [
          a.publisher.url ? safeLink(a.publisher.url, a.publisher.name) : a.publisher.name,
          ` — ${PUBLISHER_SOURCES[a.publisherSource] ?? a.publisherSource}`,
        ],
      ],
      ['Via', a.via],
      [
        'Authors',
        a.authors.length === 0
          ? 'None named'
          : h(
              'ul',
              { class: 'plain' },
              a.authors.map((author) =>
                h('li', {}, author.url ? safeLink(author.url, author.name) : author.name),
              ),
            ),
      ],
      ['License', a.license ?? 'None given'],
      ['Original URL', safeLink(a.originalUrl)],
      ['Held by an editor', view.held.length ? view.held.map(fieldLabel).join(', ') : 'No field'],
    ]),
  );
}

/**
 * @param {ArticleDetailView} view
 * @returns {HTMLElement}
 */
function content(view) {
  return h(
    'section',
    { 'aria-labelledby': 'content-heading' },
    h('h2', { id: 'content-heading' }, 'Content'),
    facts([
      ['Summary', articleText('p', view.summary, view, { class: 'article-summary' })],
      [
        'Categories',
        view.categories.length === 0
          ? 'None'
          : h(
              'ul',
              { class: 'plain' },
              view.categories.map((category) => articleText('li', category, view)),
            ),
      ],
      ['Language', view.language],
      ['Published', timeOf(view.publishedAt)],
      ['Updated', timeOf(view.updatedAt)],
      ['Last changed', timeOf(view.modifiedAt)],
      ['Public page', safeLink(view.url)],
    ]),
  );
}

/**
 * @param {ArticleDetailView} view
 * @returns {HTMLElement}
 */
function publication(view) {
  const published = view.publication;
  return h(
    'section',
    { 'aria-labelledby': 'publication-heading' },
    h('h2', { id: 'publication-heading' }, 'Publication'),
    published
      ? facts([
          ['Site shows', published.state === 'published' ? 'The article' : 'That it was removed'],
          ['Revision rendered', String(published.revision)],
          ['Rendered', timeOf(published.renderedAt)],
        ])
      : h('p', {}, 'Not rendered yet.'),
  );
}

/**
 * @param {ArticleDetailView} view
 * @returns {HTMLElement}
 */
function history(view) {
  return h(
    'div',
    { class: 'history' },
    h(
      'section',
      { 'aria-labelledby': 'corrections-heading' },
      h('h2', { id: 'corrections-heading' }, 'Corrections'),
      view.corrections.length === 0
        ? h('p', {}, 'No correction.')
        : h(
            'ol',
            { class: 'events' },
            view.corrections.map((correction) =>
              h(
                'li',
                {},
                timeOf(correction.at),
                ` — ${correction.fields.map(fieldLabel).join(', ')} by ${correction.editor}: `,
                h('q', {}, correction.reason),
                ` (revision ${correction.revision})`,
              ),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'takedowns-heading' },
      h('h2', { id: 'takedowns-heading' }, 'Takedowns'),
      view.takedowns.length === 0
        ? h('p', {}, 'Never taken down.')
        : h(
            'ol',
            { class: 'events' },
            view.takedowns.map((event) =>
              h(
                'li',
                {},
                timeOf(event.at),
                ` — ${event.action === 'takedown' ? 'Taken down' : 'Restored'} by ${event.editor}: `,
                h('q', {}, event.reason),
                ` (revision ${event.revision})`,
              ),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'revisions-heading' },
      h('h2', { id: 'revisions-heading' }, 'Revisions'),
      h(
        'ol',
        { class: 'events revisions', reversed: true },
        view.revisions.map((revision) =>
          h(
            'li',
            { value: String(revision.revision) },
            h('p', {}, `Revision ${revision.revision}, `, timeOf(revision.recordedAt)),
            articleText('p', revision.title, view, { class: 'revision-title' }),
            h(
              'p',
              { class: 'hint' },
              describeOrigin(revision.origin),
              revision.visibility === 'withdrawn'
                ? ' — not public'
                : revision.visibility === 'scheduled'
                  ? ' — under embargo'
                  : '',
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * One article: what it says, who it is attributed to, where it stands, its history, and the
 * editor's actions on it. After an action the view follows the article until the change is live.
 *
 * @param {ViewContext} context
 * @param {string} articleId
 * @param {string} backTo the list address to return to
 */
export async function renderArticleDetail(context, articleId, backTo) {
  const back = h('p', { class: 'back' }, h('a', { href: backTo }, '← All articles'));
  replaceChildren(context.main, back, h('h1', { tabindex: '-1' }, 'Article'), h('p', {}, 'Loading…'));
  /** @type {ArticleDetailView} */
  let view;
  try {
    view = await context.api.getArticle(articleId);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(
      context.main,
      back,
      h('h1', { tabindex: '-1' }, 'Article'),
      problemAlert(asProblem(error)),
    );
    return;
  }
  if (!context.isCurrent()) return;

  const heading = h('div', { class: 'article-heading' });
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions on this article' });
  const status = h('div', {
    id: 'article-status',
    class: 'status',
    role: 'status',
    'aria-live': 'polite',
    tabindex: '-1',
  });
  const details = h('div', { class: 'details' });
  const form = h('div', { class: 'form-slot' });
  let following = false;

  /** @param {ArticleDetailView} current */
  function show(current) {
    view = current;
    replaceChildren(
      heading,
      articleText('h1', current.title, current, { tabindex: '-1', class: 'article-title' }),
      h(
        'p',
        { class: 'state-line' },
        h('span', { class: `badge state-${current.state}`, id: 'article-state' }, stateLabel(current.state)),
        ` Revision ${current.revision} · `,
        safeLink(current.url, 'Open the public page'),
      ),
    );
    replaceChildren(actions, actionButtons(current));
    replaceChildren(details, content(current), attribution(current), publication(current), history(current));
  }

  /** @param {ArticleDetailView} current */
  function showForm(current) {
    replaceChildren(
      form,
      current.state === 'withdrawn'
        ? null
        : correctionForm(
            context,
            current,
            (corrected) => {
              show(corrected);
              showForm(corrected);
              void follow('Correction saved; publishing it…', 'The correction is live.');
              status.focus();
            },
            () => void reload(),
          ),
    );
  }

  async function reload() {
    try {
      const current = await context.api.getArticle(articleId);
      if (!context.isCurrent()) return;
      show(current);
      showForm(current);
      replaceChildren(status, h('p', {}, 'Reloaded: this is the article as it is now.'));
      document.getElementById('correct-title')?.focus();
    } catch (error) {
      if (context.isCurrent()) replaceChildren(status, problemAlert(asProblem(error)));
    }
  }

  /**
   * Asks for the article until the publisher has rendered the change, saying where it stands.
   *
   * @param {string} started
   * @param {string} finished
   */
  async function follow(started, finished) {
    if (following) return;
    following = true;
    replaceChildren(status, h('p', {}, started));
    context.announce(started);
    const deadline = Date.now() + FOLLOW_LIMIT_MS;
    try {
      while (view.state === 'pending' && Date.now() < deadline) {
        await sleep(POLL_INTERVAL_MS);
        if (!context.isCurrent()) return;
        const current = await context.api.getArticle(articleId);
        if (!context.isCurrent()) return;
        if (current.state !== view.state || current.revision !== view.revision) show(current);
        view = current;
      }
      const words =
        view.state === 'pending'
          ? 'Still publishing. The change is saved; reload the article later to see it live.'
          : finished;
      replaceChildren(status, h('p', {}, words));
      context.announce(words);
    } catch (error) {
      if (context.isCurrent()) replaceChildren(status, problemAlert(asProblem(error)));
    } finally {
      following = false;
    }
  }

  /**
   * @param {() => Promise<ArticleDetailView | undefined>} action
   * @param {string} started
   * @param {string} finished
   */
  async function act(action, started, finished) {
    replaceChildren(status);
    try {
      const answer = await action();
      if (!answer || !context.isCurrent()) return;
      show(answer);
      showForm(answer);
      await follow(started, finished);
    } catch (error) {
      if (!context.isCurrent()) return;
      const problem = asProblem(error);
      replaceChildren(
        status,
        problemAlert(
          problem,
          problem.errors,
          ...(problem.status === 412
            ? [h('button', { type: 'button', onclick: () => void reload() }, 'Reload the article')]
            : []),
        ),
      );
    }
  }

  /**
   * @param {ArticleDetailView} current
   * @returns {HTMLElement[]}
   */
  function actionButtons(current) {
    const buttons = [];
    if (current.state !== 'withdrawn') {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              const title = document.getElementById('correct-title');
              title?.scrollIntoView({ block: 'center' });
              title?.focus();
            },
          },
          'Correct…',
        ),
      );
    }
    if (current.state === 'published' || current.state === 'pending') {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            onclick: () =>
              void act(
                async () => {
                  const reason = await askForReason({
                    heading: 'Unpublish this article?',
                    message: [
                      articleText('q', current.title, current),
                      ' leaves the site and every feed it is in; its page answers that it was removed. It stays here, with its history, until an editor republishes it.',
                    ],
                    reasonLabel: 'Reason for the takedown (required)',
                    reasonRequired: true,
                    confirmLabel: 'Unpublish',
                  });
                  if (reason === undefined) return undefined;
                  return context.api.unpublishArticle(current.articleId, reason, current.revision);
                },
                'Taking it down…',
                'The article is taken down everywhere.',
              ),
          },
          'Unpublish…',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              void act(
                () => context.api.republishArticle(current.articleId, undefined),
                'Rendering it again…',
                'The article, its neighbours and its feeds are rendered again.',
              ),
          },
          'Republish',
        ),
      );
    }
    if (current.state === 'taken-down') {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              void act(
                async () => {
                  const reason = await askForReason({
                    heading: 'Restore this article?',
                    message: [
                      articleText('q', current.title, current),
                      ' returns to the site and to every feed it belongs in.',
                    ],
                    reasonLabel: 'Reason for restoring it (optional)',
                    reasonRequired: false,
                    confirmLabel: 'Restore and republish',
                  });
                  if (reason === undefined) return undefined;
                  return context.api.republishArticle(current.articleId, reason || undefined);
                },
                'Restoring it…',
                'The article is back on the site and in its feeds.',
              ),
          },
          'Restore…',
        ),
      );
    }
    if (current.state === 'withdrawn') {
      buttons.push(
        h(
          'p',
          { class: 'hint' },
          'Its partner withdrew this article, so it cannot be restored or corrected from here.',
        ),
      );
    }
    return buttons;
  }

  show(view);
  showForm(view);
  replaceChildren(context.main, back, heading, actions, status, details, form);
  if (view.state === 'pending') void follow('Publishing…', 'The article is live.');
}
