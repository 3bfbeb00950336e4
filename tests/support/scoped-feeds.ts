import { expect } from 'vitest';
import { parseAllWithFeedparser } from './feedparser';
import type { TestPipeline } from './test-pipeline';

/** One item of a feed as its reader sees it: the page it links to, its title, its publisher. */
export interface FeedItem {
  link: string;
  title: string;
  publisher: string | null;
}

/** One feed, by path, and its items in order. */
export interface ReadFeed {
  path: string;
  items: FeedItem[];
}

/** The three feed paths of a scope directory (`/feeds`, `/feeds/partners/x`, `/feeds/languages/en`). */
export function feedPaths(scopeDirectories: readonly string[]): string[] {
  return scopeDirectories.flatMap((directory) =>
    ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${directory}/${file}`),
  );
}

/**
 * Reads feeds through the local HTTP server as their consumers do: RSS and Atom with Universal
 * Feed Parser (which must find them well formed), JSON Feed as JSON (the feedparser in use
 * predates JSON Feed). Each item gives the page it links to, its title and its credited publisher
 * (RSS `source`, Atom `source/title`, our JSON `_attribution.publisher`).
 */
export async function readFeeds(stack: TestPipeline, paths: readonly string[]): Promise<ReadFeed[]> {
  const answers = await Promise.all(paths.map((path) => stack.request('GET', path)));
  answers.forEach((answer, index) => {
    expect(answer.status, `GET ${paths[index]}`).toBe(200);
  });
  const xmlIndexes = paths.flatMap((path, index) => (path.endsWith('.json') ? [] : [index]));
  const parsed = parseAllWithFeedparser(xmlIndexes.map((index) => answers[index]?.text ?? ''));
  return paths.map((path, index) => {
    const answer = answers[index];
    if (path.endsWith('.json')) {
      const feed = answer?.json as {
        items: { url: string; title: string; _attribution: { publisher: { name: string } } }[];
      };
      return {
        path,
        items: feed.items.map((item) => ({
          link: item.url,
          title: item.title,
          publisher: item._attribution.publisher.name,
        })),
      };
    }
    const feed = parsed[xmlIndexes.indexOf(index)];
    expect(feed?.bozo, `${path} is well formed: ${feed?.bozoException}`).toBe(false);
    return {
      path,
      items: (feed?.entries ?? []).map((entry, position) => ({
        link: feed?.links[position] ?? '',
        title: entry.title?.value ?? '',
        publisher: entry.source?.title ?? null,
      })),
    };
  });
}

/** The item linking to `pageUrl` in each feed, `undefined` where the feed lacks it. */
export function itemsFor(feeds: readonly ReadFeed[], pageUrl: string): (FeedItem | undefined)[] {
  return feeds.map((feed) => feed.items.find((item) => item.link === pageUrl));
}
