import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { orderKey } from '../../shared/domain/site-order';
import type { SitemapEntry } from '../../shared/domain/sitemap';
import { publishChanges } from '../../shared/publish/publish-changes';
import type { SitemapDependencies } from '../../shared/publish/publish-sitemaps';
import { inlineText } from '../../shared/text/markup';
import { sitemapSchemaErrors } from '../support/sitemap-schemas';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';
import { testPartnersDocument } from '../support/test-partners';

/** Small shards, so sealing and splitting show with tens of articles rather than thousands. */
const SHARD = 10;
const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

/** The test registry with almadar's pages canonical and indexable, so its articles are listed. */
const indexable = PartnerRegistry.parse({
  partners: testPartnersDocument().partners.map((partner) =>
    partner.id === 'almadar' ? { ...partner, agreement: { canonical: 'self', robots: 'index' } } : partner,
  ),
});

/** Entries as earlier publishes left them, written straight to the table: the archive a publish finds. */
async function seedEntries(run: TestContext, size: number): Promise<void> {
  const put: SitemapEntry[] = Array.from({ length: size }, (_, n) => {
    const articleId = `a${String(n).padStart(20, '0')}`;
    return {
      key: orderKey(minutes(n), articleId),
      articleId,
      slug: `article-${n}`,
      lastmod: minutes(n),
      publishedAt: minutes(n),
      title: inlineText(`Article ${n}`),
      language: 'en',
    };
  });
  await run.context.store.writeSitemapEntries({ put, remove: [] });
}

/**
 * Each shard the index lists (key and slugs); with `validate`, every document checked against its
 * schema (libxml2 in WebAssembly starts afresh each time, so walks that follow others skip it).
 */
async function shardsListed(run: TestContext, validate = false): Promise<Map<string, string[]>> {
  const parse = (xml: string, tag: string) =>
    [...new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagName(tag)].map(
      (element) => element.textContent ?? '',
    );
  const index = await run.read('sitemap.xml');
  if (validate) expect(await sitemapSchemaErrors(index, 'index')).toEqual([]);
  const shards = new Map<string, string[]>();
  for (const loc of parse(index, 'loc')) {
    const key = new URL(loc).pathname.slice(1);
    if (key === 'sitemap-pages.xml') continue;
    const document = await run.read(key);
    if (validate) expect(await sitemapSchemaErrors(document, 'urlset')).toEqual([]);
    shards.set(
      key,
      parse(document, 'loc').map((url) => /articles\/(.+)\.html$/.exec(url)?.[1] ?? url),
    );
  }
  return shards;
}

async function publish(deps: SitemapDependencies, ...articles: { articleId: string }[]) {
  const report = await publishChanges(
    articles.map((article) => ({ articleId: article.articleId })),
    deps as Parameters<typeof publishChanges>[1],
  );
  return report.written.filter((key) => key.startsWith('sitemap')).sort();
}

/** An archive of `size` listed articles, and one new article published after it. */
async function oneMoreAfter(size: number) {
  const run = await startTestContext();
  const deps = { ...run.context, partners: indexable, sitemapShardSize: SHARD };
  try {
    await seedEntries(run, size);
    // The first publish finds the whole archive in the open shard and seals it, SHARD at a time.
    await publish(deps, await storeArticle(run.context, size, minutes(size)));
    const sealed = await shardsListed(run);
    const added = await storeArticle(run.context, size + 1, minutes(size + 1));
    run.counter.reset();
    const written = await publish(deps, added);
    return {
      run,
      deps,
      sealed,
      written,
      requests: run.counter.snapshot(),
      after: await shardsListed(run, size < 100),
    };
  } catch (error) {
    await run.stop();
    throw error;
  }
}

describe('sitemap shards', () => {
  it('seal at a fixed size, list every article once, and a new article costs the same at 30 or 120', async () => {
    const small = await oneMoreAfter(30);
    const large = await oneMoreAfter(120);
    try {
      for (const [size, { sealed, after }] of [
        [30, small],
        [120, large],
      ] as const) {
        // 31 entries: three sealed shards of ten, one in the open shard.
        expect([...sealed.values()].map((slugs) => slugs.length)).toEqual([
          ...Array(Math.floor((size + 1) / SHARD)).fill(SHARD),
          (size + 1) % SHARD,
        ]);
        const slugs = [...after.values()].flat();
        expect(slugs).toEqual(Array.from({ length: size + 2 }, (_, n) => `article-${n}`));
        // Sealed shards are never rewritten by a newer article: same keys, same contents.
        for (const [key, listed] of sealed)
          if (key !== 'sitemap-articles-latest.xml') expect(after.get(key)).toEqual(listed);
      }
      expect(small.written).toEqual(['sitemap-articles-latest.xml', 'sitemap.xml']);
      expect(large.written).toEqual(small.written);
      expect(large.requests).toEqual(small.requests);
    } finally {
      await small.run.stop();
      await large.run.stop();
    }
  }, 180_000);

  it('a backdated arrival rewrites only the shard it falls in; one that overflows it seals a new shard', async () => {
    const { run, deps, after } = await oneMoreAfter(30);
    try {
      const first = [...after.entries()].find(([, slugs]) => slugs.includes('article-3'))?.[0];
      expect(first).toBe('sitemap-articles-1.xml');
      const backdated = await storeArticle(
        run.context,
        100,
        new Date(Date.parse(minutes(3)) + 30_000).toISOString(),
      );
      expect(await publish(deps, backdated)).toEqual(['sitemap-articles-1.xml', 'sitemap.xml']);
      const withBackdated = await shardsListed(run);
      expect(withBackdated.get('sitemap-articles-1.xml')).toContain('article-100');
      for (const [key, slugs] of after)
        if (key !== 'sitemap-articles-1.xml') expect(withBackdated.get(key)).toEqual(slugs);

      // Ten more into the first shard's range take it past twice the size: its oldest ten are sealed anew.
      const flood = [];
      for (let n = 0; n < 10; n++)
        flood.push(
          await storeArticle(
            run.context,
            200 + n,
            new Date(Date.parse(minutes(5)) + (n + 1) * 1000).toISOString(),
          ),
        );
      const written = await publish(deps, ...flood);
      expect(written).toEqual(['sitemap-articles-1.xml', 'sitemap-articles-4.xml', 'sitemap.xml']);
      const split = await shardsListed(run, true);
      expect(split.get('sitemap-articles-4.xml')).toHaveLength(SHARD);
      expect(split.get('sitemap-articles-1.xml')).toHaveLength(11);
      const all = [...split.values()].flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(32 + 1 + 10);
      for (const key of after.keys())
        if (key !== 'sitemap-articles-1.xml') expect(split.get(key)).toEqual(withBackdated.get(key));
    } finally {
      await run.stop();
    }
  }, 120_000);
});

describe('sitemap entries', () => {
  it('are written 25 to a request, a key put and removed in one change put once', async () => {
    const run = await startTestContext();
    try {
      await seedEntries(run, 10);
      const entries = Array.from({ length: 60 }, (_, n) => {
        const articleId = `b${String(n).padStart(20, '0')}`;
        const publishedAt = minutes(1000 + n);
        return {
          key: orderKey(publishedAt, articleId),
          articleId,
          slug: `listed-${n}`,
          lastmod: publishedAt,
          publishedAt,
          title: inlineText(`Listed ${n}`),
          language: 'en',
        };
      });
      const seeded = orderKey(minutes(3), `a${String(3).padStart(20, '0')}`);
      run.counter.reset();
      await run.context.store.writeSitemapEntries({
        put: entries,
        // One seeded entry leaves; one new key is both removed and put, as a change that kept its date.
        remove: [seeded, entries[0]?.key as string, seeded],
      });
      // 60 puts and one delete: three requests, not 61.
      expect(run.counter.snapshot()).toEqual({ 'dynamodb.BatchWriteItemCommand': 3 });
      const listed = await run.context.store.sitemapEntries({});
      expect(listed).toHaveLength(10 - 1 + 60);
      expect(listed.map((entry) => entry.key)).not.toContain(seeded);
      expect(listed.find((entry) => entry.slug === 'listed-0')).toBeDefined();
    } finally {
      await run.stop();
    }
  });
});
