// @ts-check
/**
 * What every view gets from the console shell.
 *
 * @typedef {object} ViewContext
 * @property {import('../api.js').ApiClient} api
 * @property {HTMLElement} main where the view renders
 * @property {(message: string) => void} announce says something through the polite live region
 * @property {() => boolean} isCurrent whether the view is still the one shown (polling stops when not)
 */

/** How often a view asks whether a change went live or a job moved on. */
export const POLL_INTERVAL_MS = 1_000;

/** How long a view follows an article's publication before it stops asking and says so. */
export const FOLLOW_LIMIT_MS = 120_000;
