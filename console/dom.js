// @ts-check
/**
 * Building the DOM from data without ever parsing it as HTML: elements come from `createElement`,
 * text from text nodes, so an article title that looks like markup stays text (CSP forbids inline
 * script besides).
 */

/** @typedef {Node | string | null | undefined | false} Child */
/** @typedef {string | number | boolean | null | undefined | ((event: Event) => void)} AttributeValue */

/**
 * An element with attributes, event listeners (`onclick`, `onsubmit`, ...) and children; strings
 * become text nodes. `false`, `null` and `undefined` leave an attribute or child out.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, AttributeValue>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, ''), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/**
 * Text in an article's own language and direction (titles, summaries), so Arabic reads right to
 * left inside the English console and screen readers pronounce it in its language.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} text
 * @param {{ language?: string, direction?: 'ltr' | 'rtl' }} article
 * @param {Record<string, AttributeValue>} [attributes]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function articleText(tag, text, article, attributes = {}) {
  return h(tag, { ...attributes, lang: article.language, dir: article.direction ?? 'auto' }, text);
}

/**
 * A link for an http(s) address; anything else (a `javascript:` URL that slipped into a field) is
 * shown as text and never becomes clickable.
 *
 * @param {string | undefined} url
 * @param {string} [label] defaults to the address itself
 * @returns {HTMLElement}
 */
export function safeLink(url, label) {
  if (!url) return h('span', {}, '—');
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return h('span', {}, url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return h('span', {}, url);
  return h('a', { href: parsed.href, class: 'address' }, label ?? url);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * An instant in the editor's own locale and time zone, with the exact UTC instant in `datetime`
 * and as a tooltip.
 *
 * @param {string | undefined} iso
 * @returns {HTMLElement}
 */
export function timeOf(iso) {
  if (!iso) return h('span', {}, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, dateFormat.format(date));
}

/**
 * A definition list of label/value pairs; pairs whose value is absent are left out.
 *
 * @param {Array<[string, Child | Child[]]>} pairs
 * @param {Record<string, AttributeValue>} [attributes]
 * @returns {HTMLDListElement}
 */
export function facts(pairs, attributes = {}) {
  return h(
    'dl',
    { class: 'facts', ...attributes },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== false)
      .map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))),
  );
}

/**
 * Replaces everything inside `container`.
 *
 * @param {Element} container
 * @param {...(Child | Child[])} children
 */
export function replaceChildren(container, ...children) {
  container.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    container.append(child);
  }
}

/**
 * Resolves after `ms` milliseconds (views check `isCurrent()` after each wait).
 *
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
