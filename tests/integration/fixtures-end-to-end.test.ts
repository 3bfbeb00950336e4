import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWithFeedparser } from '../support/feedparser';
import { fixture } from '../support/fixtures';
import { TestPipeline } from '../support/test-pipeline';

const TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';
const AUTHOR = 'عبد الله جمال';
const PUBLISHER = 'Interregional for Strategic Analyses';
const PARTNER = 'شبكة المدار الإعلامية الأوروبية';
const CHROME = [
  'اترك تعليقاً',
  'لن يتم نشر عنوان بريدك الإلكتروني',
  'Previous post',
  'Next post',
  'انتهاكات إسرائيلية متعمدة', // the partner's previous post
  'هند صبري', // the partner's next post
  '…_', // the dateline's separator
  'انترريجورنال للتحليلات الاستراتيجية', // the credit line, now attribution
];

/** Both sample deliveries, through the signed webhook, as the fixtures README says they must come out. */
describe.each([
  ['contentText', 'webhook-article-text.json', '2024-11-russia-taliban-rapprochement'],
  ['contentHtml', 'webhook-article-html.json', '2024-11-russia-taliban-rapprochement-html'],
] as const)('the sample delivered as %s', (_kind, file, slug) => {
  let stack: TestPipeline;
  let page: string;
  // biome-ignore lint/suspicious/noExplicitAny: the published JSON document, walked by the assertions
  let data: Record<string, any>;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    // The other sample too, so the article has a neighbour to link to.
    const other =
      file === 'webhook-article-text.json' ? 'webhook-article-html.json' : 'webhook-article-text.json';
    expect((await stack.deliver(fixture(file))).status).toBe(202);
    expect((await stack.deliver(fixture(other))).status).toBe(202);
    await stack.waitUntilPublished();
    page = (await stack.object(`articles/${slug}.html`)).body;
    data = JSON.parse((await stack.object(`articles/${slug}.json`)).body);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is Arabic, right to left, on the page and in its data', () => {
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(data).toMatchObject({ language: 'ar', direction: 'rtl', title: TITLE });
  });

  it('credits Interregional as original publisher, delivered by Al-Madar, written by عبد الله جمال', () => {
    expect(data.attribution).toMatchObject({
      publisher: { name: PUBLISHER, url: 'https://interregional.example/' },
      deliveredBy: { partnerId: 'almadar', name: PARTNER },
      via: PARTNER,
    });
    expect(data.authors).toEqual([{ name: AUTHOR }]);
    expect(page).toMatch(
      new RegExp(`class="attribution"[\\s\\S]*${PUBLISHER}[\\s\\S]*${PARTNER}[\\s\\S]*${AUTHOR}`),
    );
  });

  it('has a body without the comment form, the partner’s post links, the dateline or the credit line', () => {
    for (const chrome of CHROME) expect(data.contentHtml).not.toContain(chrome);
    expect(data.contentHtml.startsWith('<p>أجرى أمين عام مجلس الأمن الروسي')).toBe(true);
  });

  it('keeps the two headings as headings', () => {
    expect(data.contentHtml).toContain('<h2>مظاهر التقارب</h2>');
    expect(data.contentHtml).toContain('<h2>محفزات رئيسية</h2>');
  });

  it('has its own previous/next link from the site-wide order', () => {
    const neighbour = data.previous ?? data.next;
    expect(neighbour).toMatchObject({
      title: TITLE,
      url: expect.stringMatching(/\/articles\/2024-11-russia-taliban-rapprochement(-html)?\.html$/),
    });
    expect(neighbour.url).not.toContain(`/${slug}.html`);
  });

  it('is Arabic and attributed in every feed', async () => {
    for (const scope of ['feeds', 'feeds/partners/almadar', 'feeds/languages/ar']) {
      const rss = (await stack.object(`${scope}/rss.xml`)).body;
      expect(rss).toContain('<language>ar</language>');
      expect(rss).toContain(`<dc:creator>${AUTHOR}</dc:creator>`);
      expect(rss).toContain(`<source url="https://interregional.example/">${PUBLISHER}</source>`);
      const atom = (await stack.object(`${scope}/atom.xml`)).body;
      expect(atom).toContain('xml:lang="ar"');
      expect(atom).toMatch(new RegExp(`<source>[\\s\\S]*<title>${PUBLISHER}</title>`));
      for (const [feed, version] of [
        [rss, 'rss20'],
        [atom, 'atom10'],
      ] as const) {
        const parsed = parseWithFeedparser(feed);
        expect(parsed).toMatchObject({ bozo: false, version, language: 'ar' });
        expect(parsed.titles).toEqual([TITLE, TITLE]);
        expect(parsed.links.every((link) => link.startsWith(`${stack.url}/articles/`))).toBe(true);
      }
      const json = JSON.parse((await stack.object(`${scope}/feed.json`)).body);
      expect(json.language).toBe('ar');
      expect(json.items[0]._attribution.publisher.name).toBe(PUBLISHER);
    }
  });
});

describe('the HTML sample specifically', () => {
  let stack: TestPipeline;
  let body: string;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    await stack.deliver(fixture('webhook-article-html.json'));
    await stack.waitUntilPublished();
    body = JSON.parse(
      (await stack.object('articles/2024-11-russia-taliban-rapprochement-html.json')).body,
    ).contentHtml;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('has no script and no event handler', () => {
    expect(body).not.toMatch(/<script|document\.write|onerror|alert\(/);
  });

  it('has the image with its URL made absolute against the article’s url', () => {
    expect(body).toContain('<img src="https://almadar.example/wp-content/uploads/2024/11/shoigu-kabul.jpg"');
  });
});
