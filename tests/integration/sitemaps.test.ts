import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { englishArticle } from '../support/fixtures';
import { type SitemapKind, sitemapSchemaErrors } from '../support/sitemap-schemas';
import { OTHER_SECRET, testPartnersDocument } from '../support/test-partners';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

/** almadar's pages are canonical here and indexable; other-outlet's say noindex; limited's point at the original. */
function registry(): PartnerRegistry {
  const document = testPartnersDocument();
  const agreements: Record<string, object> = {
    almadar: { canonical: 'self', robots: 'index' },
    'other-outlet': { canonical: 'self', robots: 'noindex' },
  };
  return PartnerRegistry.parse({
    partners: document.partners.map((partner) => ({
      ...partner,
      ...(agreements[partner.id] ? { agreement: agreements[partner.id] } : {}),
    })),
  });
}

const elements = (document: string, tag: string) => [
  ...new DOMParser().parseFromString(document, 'text/xml').getElementsByTagName(tag),
];
const childText = (element: ReturnType<typeof elements>[number], tag: string) =>
  element.getElementsByTagName(tag)[0]?.textContent ?? undefined;

describe('sitemaps and robots.txt, through the publisher', () => {
  let stack: TestPipeline;
  const now = Date.now();
  const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
  let sent = 0;
  const pages = new Map<string, { url: string; articleId: string }>();

  /** A document as a crawler fetches it: from the site's address, checked against its schema. */
  const fetchSitemap = async (url: string, kind: SitemapKind): Promise<string> => {
    const answer = await stack.request('GET', new URL(url).pathname);
    expect(answer.status, url).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await sitemapSchemaErrors(answer.text, kind), url).toEqual([]);
    return answer.text;
  };

  /** Every URL of every sitemap the index lists, with its lastmod, as a crawler walks them. */
  const listedUrls = async (): Promise<{ loc: string; lastmod?: string }[]> => {
    const index = await fetchSitemap(`${stack.url}/sitemap.xml`, 'index');
    const listed: { loc: string; lastmod?: string }[] = [];
    for (const sitemap of elements(index, 'sitemap')) {
      const document = await fetchSitemap(childText(sitemap, 'loc') as string, 'urlset');
      for (const url of elements(document, 'url'))
        listed.push({ loc: childText(url, 'loc') as string, lastmod: childText(url, 'lastmod') });
    }
    return listed;
  };

  const newsItems = async () =>
    elements(await fetchSitemap(`${stack.url}/sitemap-news.xml`, 'news'), 'url').map((url) => ({
      loc: childText(url, 'loc'),
      name: childText(url, 'news:name'),
      language: childText(url, 'news:language'),
      date: childText(url, 'news:publication_date'),
      title: childText(url, 'news:title'),
    }));

  const deliver = async (name: string, partnerId: string, publishedAt: string) => {
    sent++;
    const answer = await stack.deliver(
      {
        ...englishArticle({
          externalId: name,
          url: `https://${partnerId}.example/${name}`,
          title: `Article ${name}`,
          publishedAt,
          updatedAt: publishedAt,
        }),
        timestamp: new Date(now + sent * 1000).toISOString(),
      },
      partnerId === 'almadar' ? {} : { partnerId, secret: OTHER_SECRET },
    );
    expect(answer.status).toBe(202);
    const receipt = answer.json as { url: string; articleId: string };
    pages.set(name, { url: receipt.url, articleId: receipt.articleId });
  };
  const page = (name: string) => pages.get(name)?.url as string;

  beforeAll(async () => {
    stack = await TestPipeline.start({ partners: registry() });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('exist, valid, before the first article, and robots.txt names both', async () => {
    const robots = await stack.request('GET', '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const named = robots.text
      .split('\n')
      .filter((line) => /^sitemap:/i.test(line))
      .map((line) => line.slice('sitemap:'.length).trim());
    expect(named).toEqual([`${stack.url}/sitemap.xml`, `${stack.url}/sitemap-news.xml`]);
    expect(await listedUrls()).toEqual([{ loc: `${stack.url}/` }]);
    expect(await newsItems()).toEqual([expect.objectContaining({ loc: `${stack.url}/`, title: undefined })]);
  });

  it('lists every live indexable article once with its lastmod; the news sitemap only the last two days', async () => {
    await deliver('fresh', 'almadar', hoursAgo(1));
    await deliver('three-days-old', 'almadar', hoursAgo(72));
    await deliver('newest', 'almadar', hoursAgo(0.5));
    await deliver('noindex', 'other-outlet', hoursAgo(1));
    await deliver('canonical-elsewhere', 'limited', hoursAgo(1));
    await stack.waitUntilPublished();

    const listed = await listedUrls();
    const articles = listed.filter((url) => url.loc !== `${stack.url}/`);
    expect(articles.map((url) => url.loc).sort()).toEqual(
      [page('fresh'), page('three-days-old'), page('newest')].sort(),
    );
    for (const url of articles) expect(Number.isNaN(Date.parse(url.lastmod ?? ''))).toBe(false);

    const news = await newsItems();
    expect(news.map((item) => item.loc)).toEqual([page('newest'), page('fresh')]);
    expect(news[0]).toEqual({
      loc: page('newest'),
      name: 'Test site',
      language: 'en',
      date: hoursAgo(0.5),
      title: 'Article newest',
    });
  });

  it('drops a taken-down article from the sitemap and the news sitemap', async () => {
    const answer = await stack.request('POST', `/v1/articles/${pages.get('fresh')?.articleId}/unpublish`, {
      headers: { authorization: `Bearer ${TEST_EDITOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Court order 2026/1' }),
    });
    expect(answer.status).toBe(202);
    await stack.waitUntilPublished();
    expect((await listedUrls()).map((url) => url.loc).sort()).toEqual(
      [`${stack.url}/`, page('three-days-old'), page('newest')].sort(),
    );
    expect((await newsItems()).map((item) => item.loc)).toEqual([page('newest')]);
  });

  it('publishing one more article rewrites only the open shard, the index and the news sitemap', async () => {
    const sitemapObjects = async () => {
      const bodies = new Map<string, string>();
      for (const key of await stack.objectKeys())
        if (/^sitemap.*\.xml$|^robots\.txt$/.test(key)) bodies.set(key, (await stack.object(key)).body);
      return bodies;
    };
    const before = await sitemapObjects();
    await deliver('one-more', 'almadar', hoursAgo(0.25));
    await stack.waitUntilPublished();
    const after = await sitemapObjects();
    const changed = [...after.keys()].filter((key) => before.get(key) !== after.get(key)).sort();
    expect(changed).toEqual(['sitemap-articles-latest.xml', 'sitemap-news.xml', 'sitemap.xml']);
  });
});
