import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import type { PartnerDirectory } from '../../shared/ports/partner-directory';
import type { SitemapDependencies } from '../../shared/publish/publish-sitemaps';
import type { PipelineContext } from '../../shared/runtime/pipeline-context';
import { JobStack, seedArticles } from '../support/job-stack';
import { sitemapSchemaErrors } from '../support/sitemap-schemas';
import { testPartners, testPartnersDocument } from '../support/test-partners';

/** The test registry with almadar's pages canonical and indexable. */
const indexable = PartnerRegistry.parse({
  partners: testPartnersDocument().partners.map((partner) =>
    partner.id === 'almadar' ? { ...partner, agreement: { canonical: 'self', robots: 'index' } } : partner,
  ),
});

const locs = (xml: string) =>
  [...new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagName('loc')].map(
    (element) => element.textContent ?? '',
  );

/** Each document the index lists, by key, with the slugs (or URLs) it lists; every one schema-valid. */
async function listed(stack: JobStack): Promise<Map<string, string[]>> {
  const index = (await stack.read('sitemap.xml')) ?? '';
  expect(await sitemapSchemaErrors(index, 'index')).toEqual([]);
  const sitemaps = new Map<string, string[]>();
  for (const loc of locs(index)) {
    const key = new URL(loc).pathname.slice(1);
    const document = (await stack.read(key)) ?? '';
    expect(await sitemapSchemaErrors(document, 'urlset')).toEqual([]);
    sitemaps.set(
      key,
      locs(document).map((url) => /articles\/(.+)\.html$/.exec(url)?.[1] ?? url),
    );
  }
  return sitemaps;
}

describe('sitemaps rebuilt by republish jobs', () => {
  it('builds them for a site that had none, and drops a partner whose agreement no longer allows it', async () => {
    let partners: PartnerDirectory = indexable;
    // No publisher: the articles reach the sitemaps only through the jobs. Shards of ten, chunks of
    // eight articles, so the walk crosses shard boundaries mid-chunk.
    const stack = await JobStack.start({
      publisher: false,
      republisherContext: (context) => {
        const deps: SitemapDependencies = { ...context, partners, sitemapShardSize: 10 };
        return deps as PipelineContext;
      },
      // No publisher clears the seeded articles' pending markers: chunks need not wait for it.
      republisher: { chunkArticles: 8, publisherPriorityMs: 0 },
    });
    try {
      const almadar = await seedArticles(stack.context, { count: 25 });
      await seedArticles(stack.context, { from: 25, count: 3, partnerId: 'other-outlet' });

      expect(await stack.finished((await stack.start({ kind: 'all' })).jobId)).toMatchObject({
        state: 'done',
      });
      const built = await listed(stack);
      const articles = [...built.entries()].filter(([key]) => key !== 'sitemap-pages.xml');
      // The walk goes newest first, so older articles arrive as backdated ones do: into the oldest
      // sealed shard, which is cut again past twice the size. No shard is ever larger than that.
      for (const [key, slugs] of articles)
        expect(slugs.length, key).toBeLessThanOrEqual(key === 'sitemap-articles-latest.xml' ? 9 : 20);
      expect(articles.flatMap(([, slugs]) => slugs).sort()).toEqual(
        almadar.map((article) => article.slug).sort(),
      );

      partners = testPartners();
      const job = await stack.start({ kind: 'partner', partnerId: 'almadar' });
      expect(await stack.finished(job.jobId)).toMatchObject({ state: 'done' });
      expect([...(await listed(stack)).keys()]).toEqual(['sitemap-pages.xml']);
      expect((await stack.objectKeys()).filter((key) => key.startsWith('sitemap-articles'))).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
