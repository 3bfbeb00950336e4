import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { createArticleEditing } from '../../shared/editor/article-editing';
import { plainText } from '../../shared/text/markup';
import { parseAllWithFeedparser } from '../support/feedparser';
import { englishArticle } from '../support/fixtures';
import { OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

/**
 * RFC 5005 archived feeds through the real publisher (decision 0044), with archives of 3 so a few
 * dozen articles make several: every feed's `prev-archive` chain, read as feed readers read it,
 * holds every live article of its scope exactly once, and each kind of change rewrites only the
 * archive documents it must.
 */
const ARCHIVE_SIZE = 3;
/**
 * 57 = 50 + 2 × 3 + 1: the empty origin archive 1, two archives of three sealed after it, one entry in
 * the open archive 4, the newest 50 in the feed.
 */
const SEEDED = 57;
const OUTLET = { partnerId: 'other-outlet', secret: OTHER_SECRET };
const FEEDS = ['feeds', 'feeds/partners/other-outlet', 'feeds/languages/en'];
const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'];
const editor = { id: 'archive-editor' };

const hour = (n: number) => new Date(Date.UTC(2024, 10, 1) + n * 3_600_000).toISOString();
const article = (index: number, publishedAt = hour(index)) =>
  englishArticle({
    externalId: `archived-${index}`,
    url: `https://other.example/news/archived-${index}`,
    title: `Archived article ${index}`,
    language: 'en',
    publishedAt,
  });
const idOf = (index: number) => articleIdFor('other-outlet', `archived-${index}`);
/** Article 1000 is backdated to between articles 6 and 7, article 2000 to before all of them. */
const timeOf = (index: number) => (index === 1000 ? 6.5 : index === 2000 ? -5 : index);
/** The newest 50 of `live`, newest first, by publication time. */
const newest50 = (live: number[]) =>
  [...live]
    .sort((a, b) => timeOf(b) - timeOf(a))
    .slice(0, 50)
    .map(idOf);

/** A feed document's RFC 5005 links and its article ids. */
interface ReadDocument {
  ids: string[];
  prevArchive?: string;
  nextArchive?: string;
  current?: string;
  archive: boolean;
}

const run = promisify(execFile);

describe('archived feeds (RFC 5005 §4)', () => {
  let stack: TestPipeline;

  /** Key → body of every archive document in the bucket. */
  const archiveObjects = async (): Promise<Map<string, string>> => {
    const keys = (await stack.objectKeys()).filter((key) => key.includes('/archive/'));
    return new Map(
      await Promise.all(keys.map(async (key) => [key, (await stack.object(key)).body] as const)),
    );
  };
  /** The archive documents whose bytes `change` altered or created. */
  const rewrittenBy = async (change: () => Promise<void>): Promise<string[]> => {
    const before = await archiveObjects();
    await change();
    await stack.waitUntilPublished();
    const after = await archiveObjects();
    return [...after].filter(([key, body]) => before.get(key) !== body).map(([key]) => key);
  };
  const deliver = async (body: object) => {
    const answer = await stack.deliver(body, OUTLET);
    expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300);
  };
  const urlPath = (url: string) => new URL(url).pathname.slice(1);

  /** A document's RFC 5005 links and ids as the format writes them: JSON Feed's fields, or the XML's feed-level links. */
  const read = async (key: string): Promise<ReadDocument & { body: string }> => {
    const body = (await stack.object(key)).body;
    if (key.endsWith('.json')) {
      const feed = JSON.parse(body) as {
        items: { id: string }[];
        next_url?: string;
        _archive?: { archive: boolean; current?: string; prev_archive?: string; next_archive?: string };
      };
      expect(feed._archive?.prev_archive).toBe(feed.next_url);
      return {
        body,
        ids: feed.items.map((item) => item.id),
        prevArchive: feed.next_url,
        nextArchive: feed._archive?.next_archive,
        current: feed._archive?.current,
        archive: feed._archive?.archive ?? false,
      };
    }
    const links = feedLinks(body);
    return {
      body,
      ids: [],
      prevArchive: links.get('prev-archive'),
      nextArchive: links.get('next-archive'),
      current: links.get('current'),
      archive: /<fh:archive\s*\/>/.test(body),
    };
  };

  /** Walks `prev-archive` from a current feed: every document, newest first. */
  const walk = async (feed: string, file: string) => {
    const documents = [{ key: `${feed}/${file}`, document: await read(`${feed}/${file}`) }];
    for (let last = documents[0]; last?.document.prevArchive; last = documents.at(-1)) {
      const key = urlPath(last.document.prevArchive);
      expect(documents.map((seen) => seen.key)).not.toContain(key);
      documents.push({ key, document: await read(key) });
    }
    return documents;
  };

  /** Every chain of every feed in every format; RSS and Atom entries as Universal Feed Parser reads them, in one run. */
  const walkAll = async () => {
    const chains = (
      await Promise.all(
        FEEDS.flatMap((feed) =>
          FORMATS.map(async (file) => ({ feed, file, documents: await walk(feed, file) })),
        ),
      )
    ).map((chain) => ({ ...chain, documents: [...chain.documents] }));
    const xml = chains.flatMap(({ documents }) => documents.filter(({ key }) => !key.endsWith('.json')));
    const parsed = parseAllWithFeedparser(xml.map(({ document }) => document.body));
    xml.forEach(({ key, document }, index) => {
      expect(parsed[index]?.bozo, `${key}: ${parsed[index]?.bozoException}`).toBe(false);
      document.ids = parsed[index]?.ids.map(String) ?? [];
    });
    return chains;
  };

  /** Checks every feed's chain in every format against the live articles. */
  const expectCompleteChains = async (live: number[]) => {
    const expected = live.map(idOf).sort();
    for (const { feed, file, documents } of await walkAll()) {
      const ids = documents.flatMap(({ document }) => document.ids.map((id) => id.split(':').at(-1)));
      expect(ids.length, `${feed}/${file}: no article twice`).toBe(new Set(ids).size);
      expect([...ids].sort(), `${feed}/${file}: every live article`).toEqual(expected);
      const [current, ...archives] = documents;
      expect(current?.document.archive).toBe(false);
      // The contract's feed: exactly the newest 50, newest first.
      expect(
        current?.document.ids.map((id) => id.split(':').at(-1)),
        `${feed}/${file}`,
      ).toEqual(newest50(live));
      for (const [index, { key, document }] of archives.entries()) {
        expect(document.archive, key).toBe(true);
        // No archive is alone: the W3C engine's ArchiveIncomplete, checked here without it.
        expect(document.prevArchive ?? document.nextArchive, `${key} links a neighbour`).toBeDefined();
        expect(document.current && urlPath(document.current), key).toBe(`${feed}/${file}`);
        // Linked both ways: the newer document's prev-archive is this one, and this one's next-archive that one.
        const newer = index === 0 ? undefined : archives[index - 1]?.key;
        if (newer !== undefined || document.nextArchive === undefined) {
          expect(document.nextArchive && urlPath(document.nextArchive), key).toBe(newer);
          continue;
        }
        // The newest archive the walk reaches is sealed while the open archive after it is empty:
        // that one exists, holds nothing and links back.
        const next = await read(urlPath(document.nextArchive));
        expect(next.archive, key).toBe(true);
        expect(next.prevArchive && urlPath(next.prevArchive), key).toBe(key);
        expect(next.body.includes('<item>') || next.body.includes('<entry') || next.ids.length > 0).toBe(
          false,
        );
      }
    }
  };

  beforeAll(async () => {
    stack = await TestPipeline.start({ site: { feedArchiveSize: ARCHIVE_SIZE } });
    // A few at a time, as partners send them: the publisher takes them in batches.
    for (let start = 0; start < SEEDED; start += 8)
      await Promise.all(
        Array.from({ length: Math.min(8, SEEDED - start) }, (_, offset) => deliver(article(start + offset))),
      );
    await stack.waitUntilPublished(60_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const live = new Set(Array.from({ length: SEEDED }, (_, index) => index));

  it('links every feed to archives of fixed size that hold, with the feed, every article once', async () => {
    await expectCompleteChains([...live]);
    for (const { feed, file, documents } of await walkAll()) {
      expect(documents.map(({ key }) => key)).toEqual([
        `${feed}/${file}`,
        `${feed}/archive/4/${file}`,
        `${feed}/archive/3/${file}`,
        `${feed}/archive/2/${file}`,
        `${feed}/archive/1/${file}`,
      ]);
      const ids = (index: number) => documents[index]?.document.ids.map((id) => id.split(':').at(-1));
      // The open archive holds what is older than the newest 50 and newer than archive 3.
      expect(ids(1)).toEqual([idOf(6)]);
      expect(ids(2)).toEqual([idOf(5), idOf(4), idOf(3)]);
      // Numbered from the oldest: archive 2 holds the three oldest, newest first as in any feed,
      // and the origin before them nothing, as nothing older has arrived.
      expect(ids(3)).toEqual([idOf(2), idOf(1), idOf(0)]);
      expect(ids(4)).toEqual([]);
    }
  });

  const archive = (number: number) =>
    FEEDS.flatMap((feed) => FORMATS.map((file) => `${feed}/archive/${number}/${file}`)).sort();

  it('publishes a new article by rewriting the open archive of each feed, which gains the 51st, and no sealed one', async () => {
    expect((await rewrittenBy(() => deliver(article(SEEDED)))).sort()).toEqual(archive(4));
    live.add(SEEDED);
    await expectCompleteChains([...live]);
  });

  it('seals the open archive at its URL when it reaches 3, and writes the empty open archive after it', async () => {
    const rewritten = await rewrittenBy(() => deliver(article(SEEDED + 1)));
    live.add(SEEDED + 1);
    expect(rewritten.sort()).toEqual([...archive(4), ...archive(5)].sort());
    await expectCompleteChains([...live]);
    // The feed links the newest sealed archive while the open one is empty.
    const feed = await read('feeds/atom.xml');
    expect(feed.prevArchive && urlPath(feed.prevArchive)).toBe('feeds/archive/4/atom.xml');
  });

  it('rewrites only the archive a takedown, a correction or a backdated arrival falls in, sealed or open', async () => {
    const editing = createArticleEditing(stack.pipeline.context);

    // Article 1 is in archive 2.
    expect(
      (
        await rewrittenBy(() =>
          editing.unpublishArticle(idOf(1), 'A takedown request.', editor).then(() => undefined),
        )
      ).sort(),
    ).toEqual(archive(2));
    live.delete(1);

    // Article 4 is in archive 3.
    expect(
      (
        await rewrittenBy(() =>
          editing
            .correctArticle(
              idOf(4),
              { values: { title: plainText('Corrected title') }, release: [], reason: 'A typo.' },
              editor,
            )
            .then(() => undefined),
        )
      ).sort(),
    ).toEqual(archive(3));

    // Between articles 6 and 7, both in archive 4.
    expect((await rewrittenBy(() => deliver(article(1000, hour(6.5))))).sort()).toEqual(archive(4));
    live.add(1000);

    // Older than every article the feed held when it first needed an archive: the origin takes it.
    expect((await rewrittenBy(() => deliver(article(2000, hour(-5))))).sort()).toEqual(archive(1));
    live.add(2000);

    // A new article: article 9 leaves the feed for the open archive 5; sealed archive 4 keeps its bytes.
    expect((await rewrittenBy(() => deliver(article(SEEDED + 2)))).sort()).toEqual(archive(5));
    live.add(SEEDED + 2);

    // Article 9 is in the open archive.
    expect(
      (
        await rewrittenBy(() =>
          editing
            .correctArticle(
              idOf(9),
              { values: { title: plainText('Corrected again') }, release: [], reason: 'A typo.' },
              editor,
            )
            .then(() => undefined),
        )
      ).sort(),
    ).toEqual(archive(5));

    // Article 30 is in the feed: article 9 comes back to it from the open archive, which empties.
    expect(
      (
        await rewrittenBy(() =>
          editing.unpublishArticle(idOf(30), 'A takedown request.', editor).then(() => undefined),
        )
      ).sort(),
    ).toEqual(archive(5));
    live.delete(30);

    await expectCompleteChains([...live]);
  });

  describe.skipIf(!process.env.FEEDVALIDATOR_DIR)('the W3C Feed Validation Service engine', () => {
    it('finds no error and no warning in the current feeds and the archive documents', async () => {
      await expectW3cClean(stack.url, [
        '',
        '/archive/1',
        '/archive/2',
        '/archive/3',
        '/archive/4',
        '/archive/5',
      ]);
    }, 300_000);
  });
});

describe('the first archive of a feed', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start({ site: { feedArchiveSize: ARCHIVE_SIZE } });
    // 51: one article more than a feed holds, so each feed needs its first archive.
    for (let start = 0; start < 51; start += 8)
      await Promise.all(
        Array.from({ length: Math.min(8, 51 - start) }, async (_, offset) => {
          const answer = await stack.deliver(article(start + offset), OUTLET);
          expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300);
        }),
      );
    await stack.waitUntilPublished(60_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('is the open archive 2 behind the empty origin 1, so neither is alone in its chain', async () => {
    for (const feed of FEEDS) {
      const link = async (path: string, rel: string) => {
        const href = feedLinks((await stack.object(`${feed}${path}/atom.xml`)).body).get(rel);
        return href && new URL(href).pathname;
      };
      const entries = async (path: string) =>
        (JSON.parse((await stack.object(`${feed}${path}/feed.json`)).body) as { items: unknown[] }).items
          .length;
      expect(await link('', 'prev-archive'), feed).toBe(`/${feed}/archive/2/atom.xml`);
      // The open archive holds the oldest article, which left the feed, and links the origin.
      expect(await entries('/archive/2'), feed).toBe(1);
      expect(await link('/archive/2', 'prev-archive'), feed).toBe(`/${feed}/archive/1/atom.xml`);
      expect(await link('/archive/2', 'next-archive'), feed).toBeUndefined();
      // The origin holds nothing older, and links the open archive.
      expect(await entries('/archive/1'), feed).toBe(0);
      expect(await link('/archive/1', 'next-archive'), feed).toBe(`/${feed}/archive/2/atom.xml`);
      expect(await link('/archive/1', 'prev-archive'), feed).toBeUndefined();
    }
  });

  it.skipIf(!process.env.FEEDVALIDATOR_DIR)(
    'draws no error and no warning from the W3C engine, ArchiveIncomplete included',
    async () => {
      await expectW3cClean(stack.url, ['', '/archive/1', '/archive/2']);
    },
    300_000,
  );
});

/** Runs the W3C Feed Validation Service's engine (`FEEDVALIDATOR_DIR`) on each feed's RSS and Atom at `paths`. */
async function expectW3cClean(site: string, paths: readonly string[]): Promise<void> {
  const python = process.env.FEEDVALIDATOR_PYTHON ?? '/usr/bin/python3';
  for (const feed of FEEDS)
    for (const path of paths)
      for (const file of ['rss.xml', 'atom.xml']) {
        const url = `${site}/${feed}${path}/${file}`;
        const output = await run(python, [join(process.env.FEEDVALIDATOR_DIR ?? '', 'src', 'demo.py'), url], {
          timeout: 60_000,
        }).then(
          ({ stdout }) => stdout,
          (error: { stdout?: string; message: string }) => `${error.stdout ?? ''}${error.message}`,
        );
        expect(output.includes('No errors or warnings'), `${url}\n${output}`).toBe(true);
      }
}

/** The `rel` → `href` of a document's feed-level `link`/`atom:link` elements (feedparser does not report rels it does not know). */
function feedLinks(xml: string): Map<string, string> {
  const head = xml.split(/<item>|<entry[\s>]/)[0] ?? '';
  const links = new Map<string, string>();
  for (const match of head.matchAll(/<(?:atom:)?link\b([^>]*)\/>/g)) {
    const rel = /\brel="([^"]*)"/.exec(match[1] ?? '')?.[1];
    const href = /\bhref="([^"]*)"/.exec(match[1] ?? '')?.[1];
    if (rel && href) links.set(rel, href);
  }
  return links;
}
