import type { Element } from 'domhandler';
import { findAll, findOne, getAttributeValue } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { expect } from 'vitest';
import type { TestPipeline } from './test-pipeline';

/** An article's previous and next page URLs, absolute, `null` where there is none. */
export interface ArticleLinks {
  previous: string | null;
  next: string | null;
}

type Direction = keyof ArticleLinks;

/** The link type each direction carries in HTML (`rel="prev"` / `rel="next"`). */
const REL: Record<Direction, string> = { previous: 'prev', next: 'next' };

function tokens(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

function hasRel(element: Element, rel: string): boolean {
  return tokens(getAttributeValue(element, 'rel')).includes(rel.toLowerCase());
}

/** The one href with that rel among the elements, resolved as a browser would; `null` if none. */
function onlyHref(elements: Element[], rel: string, base: string, where: string): string | null {
  const hrefs = elements
    .filter((element) => hasRel(element, rel))
    .map((element) => new URL(getAttributeValue(element, 'href') ?? '', base).href);
  expect(hrefs.length, `${where} has at most one rel="${rel}"`).toBeLessThanOrEqual(1);
  return hrefs[0] ?? null;
}

/**
 * Reads an article's previous/next links the three ways a reader meets them, through the local
 * HTTP server: `previous`/`next` in `articles/{slug}.json`, `<link rel="prev|next">` in the page's
 * head and the `nav.article-nav` anchors on the page. Asserts all three agree and returns them.
 * Relies only on `rel` values and hrefs, not on markup details or wording.
 */
export async function readArticleLinks(stack: TestPipeline, pageUrl: string): Promise<ArticleLinks> {
  const pagePath = new URL(pageUrl).pathname;
  const jsonPath = pagePath.replace(/\.html$/, '.json');

  const document = await stack.request('GET', jsonPath);
  expect(document.status, `GET ${jsonPath}`).toBe(200);
  const data = document.json as Record<Direction, { url: string } | null>;
  const base = `${stack.url}${pagePath}`;
  const resolve = (link: { url: string } | null) => (link ? new URL(link.url, base).href : null);
  const fromJson: ArticleLinks = { previous: resolve(data.previous), next: resolve(data.next) };

  const page = await stack.request('GET', pagePath);
  expect(page.status, `GET ${pagePath}`).toBe(200);
  const root = parseDocument(page.text).children;
  const isTagNamed = (name: string) => (element: Element) => element.name === name;
  const head = findOne(isTagNamed('head'), root);
  const nav = findOne(
    (element) =>
      element.name === 'nav' && tokens(getAttributeValue(element, 'class')).includes('article-nav'),
    root,
  );
  expect(head, `${pagePath} has a <head>`).not.toBeNull();
  expect(nav, `${pagePath} has a nav.article-nav`).not.toBeNull();
  const headLinks = findAll(isTagNamed('link'), head ? [head] : []);
  const navAnchors = findAll(isTagNamed('a'), nav ? [nav] : []);

  for (const direction of ['previous', 'next'] as const) {
    const rel = REL[direction];
    const inHead = onlyHref(headLinks, rel, base, `${pagePath} <head>`);
    const inNav = onlyHref(navAnchors, rel, base, `${pagePath} nav.article-nav`);
    expect(inHead, `${pagePath}: <link rel="${rel}"> agrees with ${jsonPath} ${direction}`).toBe(
      fromJson[direction],
    );
    expect(inNav, `${pagePath}: nav a[rel="${rel}"] agrees with ${jsonPath} ${direction}`).toBe(
      fromJson[direction],
    );
  }
  return fromJson;
}
