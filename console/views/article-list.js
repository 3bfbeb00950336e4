// @ts-check
import { articleText, facts, h, replaceChildren, timeOf } from '../dom.js';
import { STATE_LABELS, stateLabel } from '../words.js';
import { asProblem, problemAlert } from './problem-view.js';

/** @typedef {import('./view-context.js').ViewContext} ViewContext */
/** @typedef {import('../../shared/editor/editor-views').ArticleSummaryView} ArticleSummaryView */

/** Articles per page of the list. */
const PAGE_SIZE = 20;

/** The filters the list understands, as they appear in the console's address (`#/?state=...`). */
const FILTERS = /** @type {const} */ (['partner', 'state', 'language']);

/**
 * The list's address for a set of filters, so a filtered list can be bookmarked and Back returns to it.
 *
 * @param {Record<string, string>} filters
 * @returns {string}
 */
export function listAddress(filters) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) query.set(name, filters[name]);
  const text = query.toString();
  return text ? `#/?${text}` : '#/';
}

/**
 * One article in the list: its title in its own language and direction, and what an editor checks
 * at a glance.
 *
 * @param {ArticleSummaryView} article
 * @returns {HTMLLIElement}
 */
function articleCard(article) {
  return h(
    'li',
    { class: 'article-card', 'data-article-id': article.articleId },
    h(
      'h3',
      { class: 'article-title' },
      articleText('a', article.title, article, {
        href: `#/articles/${encodeURIComponent(article.articleId)}`,
      }),
    ),
    facts([
      ['State', h('span', { class: `badge state-${article.state}` }, stateLabel(article.state))],
      ['Partner', article.attribution.deliveredBy.name],
      ['Original publisher', article.attribution.publisher.name],
      ['Language', article.language],
      ['Published', timeOf(article.publishedAt)],
    ]),
  );
}

/**
 * The article list: filters by partner, state and language, newest first, more on demand.
 *
 * @param {ViewContext} context
 * @param {URLSearchParams} query the filters in the address
 */
export async function renderArticleList(context, query) {
  /** @type {Record<string, string>} */
  const filters = {};
  for (const name of FILTERS) filters[name] = query.get(name)?.trim() ?? '';

  const partner = h('input', {
    id: 'filter-partner',
    name: 'partner',
    value: filters.partner,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'filter-partner-hint',
  });
  const state = h(
    'select',
    { id: 'filter-state', name: 'state', 'aria-describedby': 'filter-state-hint' },
    h('option', { value: '' }, 'Any state'),
    Object.entries(STATE_LABELS).map(([value, label]) =>
      h('option', { value, selected: value === filters.state }, label.replace('…', '')),
    ),
  );
  const language = h('input', {
    id: 'filter-language',
    name: 'language',
    value: filters.language,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'filter-language-hint',
  });
  const results = h('section', { class: 'results', 'aria-labelledby': 'results-heading' });

  /** @param {Event} event */
  const applyFilters = (event) => {
    event.preventDefault();
    const chosen = { partner: partner.value.trim(), state: state.value, language: language.value.trim() };
    // The address records the filters without a navigation, so focus stays where the editor is.
    history.replaceState(null, '', listAddress(chosen));
    void showResults(chosen);
  };

  replaceChildren(
    context.main,
    h('h1', { tabindex: '-1' }, 'Articles'),
    h(
      'form',
      { class: 'filters', novalidate: true, onsubmit: applyFilters, 'aria-label': 'Filter the articles' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'filter-partner' }, 'Partner'),
        h('p', { id: 'filter-partner-hint', class: 'hint' }, 'The partner’s id, e.g. almadar'),
        partner,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'filter-state' }, 'State'),
        // Every filter has its line of help, so the three fields line up.
        h(
          'p',
          { id: 'filter-state-hint', class: 'hint' },
          'Live, pending, scheduled, taken down or withdrawn',
        ),
        state,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'filter-language' }, 'Language'),
        h('p', { id: 'filter-language-hint', class: 'hint' }, 'A language tag, e.g. ar or en'),
        language,
      ),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, 'Show articles')),
    ),
    results,
  );

  /** @param {Record<string, string>} chosen */
  async function showResults(chosen) {
    const list = h('ul', { class: 'article-list' });
    const count = h('p', { class: 'count' });
    const more = h('div', { class: 'more' });
    replaceChildren(results, h('h2', { id: 'results-heading' }, 'Results'), count, list, more);
    let shown = 0;

    /** @param {string | undefined} cursor */
    async function load(cursor) {
      replaceChildren(more, h('p', { class: 'loading' }, 'Loading…'));
      let page;
      try {
        page = await context.api.listArticles({ ...chosen, cursor, limit: PAGE_SIZE });
      } catch (error) {
        if (!context.isCurrent()) return;
        replaceChildren(more, problemAlert(asProblem(error)));
        return;
      }
      if (!context.isCurrent()) return;
      const cards = page.items.map(articleCard);
      list.append(...cards);
      shown += cards.length;
      count.textContent =
        shown === 0
          ? 'No article matches these filters.'
          : `${shown} article${shown === 1 ? '' : 's'} shown${page.nextCursor ? ', more available' : ''}.`;
      const nextCursor = page.nextCursor;
      replaceChildren(
        more,
        nextCursor
          ? h(
              'button',
              {
                type: 'button',
                onclick: async () => {
                  const before = shown;
                  await load(nextCursor);
                  // Keyboard users continue from the first article that arrived.
                  list.children[before]?.querySelector('a')?.focus();
                  context.announce(`${shown - before} more articles loaded.`);
                },
              },
              'Load more',
            )
          : null,
      );
      if (cursor === undefined) context.announce(count.textContent);
    }
    await load(undefined);
  }

  await showResults(filters);
}
