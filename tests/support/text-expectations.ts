import render from 'dom-serializer';
import type { Element } from 'domhandler';
import { findAll, findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { expect } from 'vitest';
import { blockTexts, executableParts, htmlText } from './executable-html';
import { asFeedparserReadsIt, type ParsedEntry, type ParsedText, readWithFeedparser } from './feedparser';

/** The text an article's fields should read as, after the documented normalisation. */
export interface ExpectedText {
  title: string;
  summary: string;
  authors: string[];
  categories: string[];
  /** The text of each paragraph or heading of the body. */
  body: string[];
}

/** Everything published about one article: the feeds that hold it, its page and its JSON. */
export interface PublishedArticle {
  rss: string;
  atom: string;
  json: string;
  /** The item's id in all three feeds. */
  itemId: string;
  page: string;
  document: string;
  /** Who the feeds credit when there is no byline. */
  publisher: string;
}

function entry(entries: ParsedEntry[], id: string): ParsedEntry {
  const found = entries.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no entry ${id} in the feed`);
  return found;
}

/** An HTML field: nothing in it runs, and its paragraphs read as the body, then the credit line. */
function expectSafeContent(html: string, expected: ExpectedText): void {
  expect(executableParts(html)).toEqual([]);
  const blocks = blockTexts(html);
  expect(blocks.slice(0, -1)).toEqual(expected.body);
  expect(blocks.at(-1)).toMatch(/Originally published by|نُشر أصلاً لدى/);
}

/** An HTML field holding text: nothing in it runs, and it shows exactly that text. */
function expectHtmlShowing(field: ParsedText | null, text: string): void {
  expect(field?.type).toBe('text/html');
  expect(executableParts(field?.value ?? '')).toEqual([]);
  expect(htmlText(field?.value ?? '')).toBe(asFeedparserReadsIt(text));
}

/**
 * Checks, the way each consumer reads it, that every text field of an article carries exactly its
 * text and that no HTML field holds anything that runs: RSS and Atom through Universal Feed Parser
 * (unsanitised), JSON Feed and the article's JSON as JSON, its page through an HTML parser.
 */
export function expectExactText(published: PublishedArticle, expected: ExpectedText): void {
  const credited = expected.authors.length > 0 ? expected.authors : [published.publisher];
  const texts = [expected.title, ...credited, ...expected.categories];
  const read = readWithFeedparser([published.rss, published.atom], texts);
  const guessed = new Map(texts.map((text, index) => [text, read.guessesHtml[index]]));
  const [rssFeed, atomFeed] = read.feeds;
  expect(rssFeed?.bozo).toBe(false);
  expect(atomFeed?.bozo).toBe(false);
  const rss = entry(rssFeed?.entries ?? [], published.itemId);
  const atom = entry(atomFeed?.entries ?? [], published.itemId);

  // RSS cannot say "this is text": feedparser takes a title for HTML when the text itself holds a
  // closing tag or a known entity. The value is still exactly the text.
  expect(rss.title?.value).toBe(asFeedparserReadsIt(expected.title));
  if (rss.title?.type !== 'text/plain') expect(guessed.get(expected.title)).toBe(true);
  expectHtmlShowing(rss.summary, expected.summary);
  expect(rss.authors).toEqual(credited.map(asFeedparserReadsIt));
  expect(rss.tags).toEqual(expected.categories.map(asFeedparserReadsIt));
  expect(rss.content).toHaveLength(1);
  expectSafeContent(rss.content[0]?.value ?? '', expected);

  expect(atom.title).toEqual({ value: asFeedparserReadsIt(expected.title), type: 'text/plain' });
  expectHtmlShowing(atom.summary, expected.summary);
  expect(atom.authors).toEqual(credited.map(asFeedparserReadsIt));
  expect(atom.tags).toEqual(expected.categories.map(asFeedparserReadsIt));
  expect(atom.content).toHaveLength(1);
  expect(atom.content[0]?.type).toBe('text/html');
  expectSafeContent(atom.content[0]?.value ?? '', expected);

  const item = (
    JSON.parse(published.json) as {
      items: {
        id: string;
        title: string;
        summary: string;
        content_html: string;
        authors: { name: string }[];
        tags?: string[];
      }[];
    }
  ).items.find((candidate) => candidate.id === published.itemId);
  expect(item?.title).toBe(expected.title);
  expect(item?.summary).toBe(expected.summary);
  expect(item?.authors.map((author) => author.name)).toEqual(credited);
  expect(item?.tags ?? []).toEqual(expected.categories);
  expectSafeContent(item?.content_html ?? '', expected);

  const document = JSON.parse(published.document);
  expect(document.title).toBe(expected.title);
  expect(document.summary).toBe(expected.summary);
  expect(document.authors.map((author: { name: string }) => author.name)).toEqual(expected.authors);
  expect(document.categories).toEqual(expected.categories);
  expect(blockTexts(document.contentHtml)).toEqual(expected.body);

  const page = parseDocument(published.page);
  // The JSON-LD is the page's only script, and the body's HTML runs nothing.
  const scripts = findAll((element) => element.name === 'script', page.children);
  expect(scripts.map((script) => script.attribs.type)).toEqual(['application/ld+json']);
  const body = findOne((element) => element.attribs.class === 'article-body', page.children);
  expect(executableParts(body ? render(body) : '')).toEqual([]);
  const heading = findOne((element) => element.name === 'h1', page.children) as Element | null;
  expect(heading && textContent(heading)).toBe(expected.title);
  const description = findOne(
    (element) => element.name === 'meta' && element.attribs.name === 'description',
    page.children,
  );
  expect(description?.attribs.content).toBe(expected.summary);
}
