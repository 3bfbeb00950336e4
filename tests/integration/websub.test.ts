import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedStreamRecord } from '../../local/stream-poller';
import { HttpHubNotifier } from '../../shared/adapters/websub/http-hub-notifier';
import { createRepublishJobs } from '../../shared/jobs/republish-jobs';
import type { HubNotifier } from '../../shared/ports/hub-notifier';
import { CACHE_CONTROL } from '../../shared/render/media-types';
import { parseAllWithFeedparser } from '../support/feedparser';
import { englishArticle, fixture } from '../support/fixtures';
import { OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';
import { WebSubHubStub } from '../support/websub-hub-stub';

const FILES = ['rss.xml', 'atom.xml', 'feed.json'] as const;
const OTHER_OUTLET = { partnerId: 'other-outlet', secret: OTHER_SECRET };

/** The three feed URLs of each scope directory (`feeds`, `feeds/partners/x`, `feeds/languages/en`). */
const feedUrls = (base: string, ...directories: string[]) =>
  directories.flatMap((directory) => FILES.map((file) => `${base}/${directory}/${file}`)).sort();

/** How many times each topic appears in `topics`. */
function counts(topics: string[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const topic of topics) counted.set(topic, (counted.get(topic) ?? 0) + 1);
  return counted;
}

/** A feed's declared links as its reader sees them: Universal Feed Parser for XML, JSON for JSON Feed. */
async function declaredLinks(stack: TestPipeline, directory: string) {
  const [rss, atom, json] = await Promise.all(
    FILES.map(async (file) => (await stack.request('GET', `/${directory}/${file}`)).text),
  );
  const [parsedRss, parsedAtom] = parseAllWithFeedparser([rss ?? '', atom ?? '']);
  const jsonFeed = JSON.parse(json ?? '{}') as { feed_url?: string; hubs?: { type: string; url: string }[] };
  const linksOf = (rel: string, links: { rel: string; href: string }[] = []) =>
    links.filter((link) => link.rel === rel).map((link) => link.href);
  return {
    rss: {
      bozo: parsedRss?.bozo,
      self: linksOf('self', parsedRss?.feedLinks),
      hubs: linksOf('hub', parsedRss?.feedLinks),
    },
    atom: {
      bozo: parsedAtom?.bozo,
      self: linksOf('self', parsedAtom?.feedLinks),
      hubs: linksOf('hub', parsedAtom?.feedLinks),
    },
    json: { self: jsonFeed.feed_url, hubs: jsonFeed.hubs },
  };
}

describe('WebSub with three hubs: one that accepts, one that fails, one that hangs', {
  timeout: 120_000,
}, () => {
  let stack: TestPipeline;
  let accepting: WebSubHubStub;
  let failing: WebSubHubStub;
  let hanging: WebSubHubStub;
  /** What the accepting hub read when it fetched each topic, as a hub does on a notification. */
  let fetched: { topic: string; body: Promise<string> }[] = [];
  const publisherFailures: FailedStreamRecord[] = [];

  beforeAll(async () => {
    accepting = await WebSubHubStub.start((request) => {
      const topic = request.fields['hub.url'] ?? '';
      fetched.push({ topic, body: fetch(topic).then((response) => response.text()) });
      return 204;
    });
    failing = await WebSubHubStub.start(() => 500);
    hanging = await WebSubHubStub.start(() => 'hang');
    const hubs = [accepting.url, failing.url, hanging.url];
    stack = await TestPipeline.start({
      websubHubs: hubs,
      // Every request waits long enough for a busy test process to answer (a retry of a request the
      // hub had received would be a second notification); the hanging hub costs each publish the bound.
      hubNotifier: new HttpHubNotifier(hubs, {
        attempts: 3,
        attemptTimeoutMs: 2_000,
        totalMs: 4_000,
        firstBackoffMs: 20,
      }),
      // A publish that threw would be given up at once and reported here.
      publisherRetries: { retryAttempts: 0, onFailure: (failure) => publisherFailures.push(failure) },
    });
    const answer = await stack.deliver(fixture('webhook-article-text.json'));
    expect(answer.status, answer.text).toBe(202);
    await stack.waitUntilPublished();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all([accepting, failing, hanging].map((hub) => hub?.stop()));
  });

  it('declares every hub, in order, and the feed itself in RSS, Atom and JSON Feed', async () => {
    const hubs = [accepting.url, failing.url, hanging.url];
    for (const directory of ['feeds', 'feeds/partners/almadar', 'feeds/languages/ar']) {
      const links = await declaredLinks(stack, directory);
      expect(links.rss, directory).toEqual({
        bozo: false,
        self: [`${stack.url}/${directory}/rss.xml`],
        hubs,
      });
      expect(links.atom, directory).toEqual({
        bozo: false,
        self: [`${stack.url}/${directory}/atom.xml`],
        hubs,
      });
      expect(links.json, directory).toEqual({
        self: `${stack.url}/${directory}/feed.json`,
        hubs: hubs.map((url) => ({ type: 'WebSub', url })),
      });
    }
  });

  it('tells each hub once of each feed URL the publish changed, by a form-encoded publish request', () => {
    expect(accepting.topics().sort()).toEqual(
      feedUrls(stack.url, 'feeds', 'feeds/partners/almadar', 'feeds/languages/ar'),
    );
    for (const request of accepting.requests) {
      expect(request.method).toBe('POST');
      expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(request.fields['hub.mode']).toBe('publish');
    }
  });

  it('has every cache revalidate the feeds it tells hubs of, and leaves the rest (the sitemap here) cached as before', async () => {
    for (const directory of ['feeds', 'feeds/partners/almadar', 'feeds/languages/ar'])
      for (const file of ['rss.xml', 'atom.xml', 'feed.json'])
        expect((await stack.object(`${directory}/${file}`)).cacheControl, `${directory}/${file}`).toBe(
          'public, max-age=0, must-revalidate',
        );
    expect((await stack.object('sitemap.xml')).cacheControl).toBe(CACHE_CONTROL.feed);
  });

  it('notifies after the feeds are written: a hub fetching at once reads the new article', async () => {
    expect(fetched).toHaveLength(9);
    for (const { topic, body } of fetched) expect(await body, topic).toContain('طالبان');
  });

  it('retries a failing or hanging hub a bounded number of times, and the publish succeeds regardless', async () => {
    expect(publisherFailures).toEqual([]);
    const page = await stack.request('GET', '/feeds/partners/almadar/feed.json');
    expect(JSON.parse(page.text).items).toHaveLength(1);
    const topics = feedUrls(stack.url, 'feeds', 'feeds/partners/almadar', 'feeds/languages/ar');
    // A 500 is retried up to the limit of three requests per feed URL.
    expect([...counts(failing.topics())].sort()).toEqual(topics.map((topic) => [topic, 3]));
    // A hub that never answers is given up on after at most three requests per feed URL, or sooner
    // when the time bound passes.
    const hung = counts(hanging.topics());
    expect(hung.size).toBeGreaterThan(0);
    for (const [topic, requests] of hung) {
      expect(topics, topic).toContain(topic);
      expect(requests, topic).toBeLessThanOrEqual(3);
    }
  });

  it('tells the hubs only of the feeds a later publish changed, not of those it left alone', async () => {
    accepting.clear();
    fetched = [];
    const answer = await stack.deliver(englishArticle({ externalId: 'websub-en' }), OTHER_OUTLET);
    expect(answer.status, answer.text).toBe(202);
    await stack.waitUntilPublished();
    expect(accepting.topics().sort()).toEqual(
      feedUrls(stack.url, 'feeds', 'feeds/partners/other-outlet', 'feeds/languages/en'),
    );
  });

  it('tells the hubs of the one feed a republish job rewrote, and of none it found unchanged', async () => {
    accepting.clear();
    fetched = [];
    await stack.pipeline.clients.s3.send(
      new DeleteObjectCommand({ Bucket: stack.bucketName, Key: 'feeds/partners/almadar/atom.xml' }),
    );
    const jobs = createRepublishJobs(stack.pipeline.context);
    const { jobId } = await jobs.startRepublish({ kind: 'all' }, { id: 'websub-test' });
    const deadline = Date.now() + 60_000;
    while ((await jobs.getJob(jobId)).state === 'running' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await jobs.getJob(jobId)).state).toBe('done');
    expect(accepting.topics()).toEqual([`${stack.url}/feeds/partners/almadar/atom.xml`]);
  });
});

describe('WebSub with no hub configured', { timeout: 60_000 }, () => {
  it('declares no hub and sends nothing', async () => {
    const notified: string[][] = [];
    const recording: HubNotifier = {
      async notify(topics) {
        notified.push([...topics]);
        return { accepted: topics.length, requests: topics.length, failed: [] };
      },
    };
    // A notifier is offered, but with no hub configured it is never used.
    const stack = await TestPipeline.start({ hubNotifier: recording });
    try {
      expect((await stack.deliver(fixture('webhook-article-text.json'))).status).toBe(202);
      await stack.waitUntilPublished();
      expect(stack.pipeline.context.hubNotifier).toBeUndefined();
      for (const directory of ['feeds', 'feeds/partners/almadar', 'feeds/languages/ar']) {
        const links = await declaredLinks(stack, directory);
        expect(links.rss).toEqual({ bozo: false, self: [`${stack.url}/${directory}/rss.xml`], hubs: [] });
        expect(links.atom).toEqual({ bozo: false, self: [`${stack.url}/${directory}/atom.xml`], hubs: [] });
        expect(links.json).toEqual({ self: `${stack.url}/${directory}/feed.json`, hubs: undefined });
        // Cached for a minute at the edge, as pages are: no hub needs them fresh.
        expect((await stack.object(`${directory}/rss.xml`)).cacheControl).toBe(CACHE_CONTROL.feed);
      }
      expect(notified).toEqual([]);
    } finally {
      await stack.stop();
    }
  });
});
