import { Feed } from 'feed';
import type { Article } from '../shared/domain/article';
import { renderFeeds } from '../shared/render/feed-documents';
import { SiteUrls } from '../shared/render/site-urls';
import { type SideBySide, sideBySide } from '../tests/support/side-by-side';
import { benchArticle } from './bench-article';
import { isEntryPoint } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * Our feed layer (`renderFeeds`: `feed` for each document's frame, then the items and every text
 * and HTML field written by our own completion, decisions 0010 and 0041) beside bare `feed` given
 * the same 50 items with their title, summary, body, author and category: RSS, Atom and JSON Feed
 * each time, side by side.
 */

const ITEMS = 50;
const urls = new SiteUrls('https://news.example');
const site = { title: 'Bench', description: 'The benchmark site', language: 'en' };
const articles: Article[] = Array.from({ length: ITEMS }, (_, index) =>
  benchArticle(ITEMS - index, { epoch: Date.UTC(2024, 0, 1) }),
);

function ours(): number {
  const documents = renderFeeds({
    scope: { kind: 'site' },
    title: site.title,
    description: site.description,
    language: 'en',
    articles,
    urls,
    site,
  });
  return documents.rss.length + documents.atom.length + documents.json.length;
}

function bare(): number {
  const feed = new Feed({
    id: urls.base,
    title: site.title,
    description: site.description,
    link: urls.home().url,
    language: 'en',
    updated: new Date(articles[0]?.content.updatedAt ?? 0),
    copyright: '',
    feedLinks: {
      rss: urls.feed({ kind: 'site' }, 'rss').url,
      atom: urls.feed({ kind: 'site' }, 'atom').url,
      json: urls.feed({ kind: 'site' }, 'json').url,
    },
  });
  for (const { slug, content } of articles)
    feed.addItem({
      id: urls.articlePage(slug).url,
      title: content.title,
      link: urls.articlePage(slug).url,
      description: content.summary,
      content: content.bodyHtml,
      date: new Date(content.updatedAt),
      published: new Date(content.publishedAt),
      author: content.authors.map((author) => ({ name: author.name })),
      category: content.categories.map((name) => ({ name })),
    });
  return feed.rss2().length + feed.atom1().length + feed.json1().length;
}

/** What the feed-rendering comparison found, and its section. */
export interface FeedRenderResult extends SideBySide {
  markdown: string;
}

/** A 50-item feed set, ours beside bare `feed`, `runs` times each, interleaved. */
export async function measureFeedRender(runs: number): Promise<FeedRenderResult> {
  // One untimed run of each, so neither side pays for the first compilation of its code.
  ours();
  bare();
  const result = await sideBySide(bare, ours, { runs });
  const markdown = `## Rendering a feed

\`bench/feed-render.ts\`: one feed of ${ITEMS} articles (about 14 KB of body each) in RSS 2.0, Atom 1.0 and JSON Feed 1.1,
rendered by our feed layer (\`shared/render/feed-documents.ts\`: \`feed\` for each document's frame, the items and
every text and HTML field written by our own completion, decisions 0010 and 0041) and by bare \`feed\` given the same
items with their title, summary, body, author and category; ${runs} runs of each, interleaved, medians.

| | median |
| --- | --- |
| bare \`feed\` | ${result.yardstickMs.toFixed(1)} ms |
| ours | ${result.subjectMs.toFixed(1)} ms |
| ours ÷ bare | **${result.ratio.toFixed(2)}×** (target ≤ 1.2×) |
`;
  return { ...result, markdown };
}

if (isEntryPoint(import.meta.url)) {
  const result = await measureFeedRender(15);
  await writeBenchmarkSection('feed-render', result.markdown);
  console.log(result.markdown);
}
