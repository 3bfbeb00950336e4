import { afterEach, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../local/local-config';
import { HttpHubNotifier } from '../../shared/adapters/websub/http-hub-notifier';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { parseWebSubHubUrls } from '../../shared/config/websub-hub-urls';
import { feedUrlOfKey, notifyHubsOfChangedFeeds } from '../../shared/publish/notify-hubs';
import { SiteUrls } from '../../shared/render/site-urls';
import { observedHubNotifier } from '../../shared/runtime/observed-hub-notifier';
import { METRIC } from '../../shared/runtime/pipeline-metrics';
import { type HubAnswer, type HubRequest, WebSubHubStub } from '../support/websub-hub-stub';

const base = { TABLE_NAME: 'syndication', PUBLIC_BASE_URL: 'https://news.example' };

describe('WEBSUB_HUB_URL', () => {
  it('is empty by default: no hub', () => {
    expect(loadRuntimeConfig(base).site.websubHubs).toEqual([]);
    expect(loadRuntimeConfig({ ...base, WEBSUB_HUB_URL: '  ' }).site.websubHubs).toEqual([]);
  });

  it('takes several hubs separated by commas or white space, in order, once each', () => {
    expect(
      loadRuntimeConfig({
        ...base,
        WEBSUB_HUB_URL:
          'https://pubsubhubbub.appspot.com, https://hub.example/websub\n https://pubsubhubbub.appspot.com/',
      }).site.websubHubs,
    ).toEqual(['https://pubsubhubbub.appspot.com/', 'https://hub.example/websub']);
  });

  it('allows http only to this machine', () => {
    expect(parseWebSubHubUrls('http://localhost:8080/hub http://127.0.0.1/ http://[::1]:9/')).toEqual([
      'http://localhost:8080/hub',
      'http://127.0.0.1/',
      'http://[::1]:9/',
    ]);
  });

  it.each([
    ['hub.example', /WEBSUB_HUB_URL: "hub.example" is not an absolute URL/],
    ['http://hub.example/', /WEBSUB_HUB_URL: "http:\/\/hub.example\/" must be an https URL/],
    ['ftp://hub.example/', /must be an https URL/],
    ['https://hub.example/#top', /must not have a fragment/],
    [
      'https://good.example/, https://user:secret@hub.example/',
      /WEBSUB_HUB_URL: a hub URL must not carry credentials/,
    ],
  ])('refuses %s at start with a configuration error naming the variable', (value, message) => {
    expect(() => loadRuntimeConfig({ ...base, WEBSUB_HUB_URL: value })).toThrow(message);
  });

  it('is read by npm start too, with the same rules', () => {
    expect(loadLocalConfig({}).websubHubs).toEqual([]);
    expect(loadLocalConfig({ WEBSUB_HUB_URL: 'http://localhost:9000/hub' }).websubHubs).toEqual([
      'http://localhost:9000/hub',
    ]);
    expect(() => loadLocalConfig({ WEBSUB_HUB_URL: 'http://hub.example/' })).toThrow(
      /invalid environment: WEBSUB_HUB_URL: "http:\/\/hub.example\/" must be an https URL/,
    );
  });

  it('never repeats credentials in its message', () => {
    expect(() => loadRuntimeConfig({ ...base, WEBSUB_HUB_URL: 'https://user:secret@hub.example/' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
  });
});

describe('which written keys are feeds', () => {
  const urls = new SiteUrls('https://news.example');

  it('maps the keys of the site, partner and language feeds to their public URLs, and nothing else', () => {
    expect(feedUrlOfKey('feeds/rss.xml', urls)).toBe('https://news.example/feeds/rss.xml');
    expect(feedUrlOfKey('feeds/partners/almadar/feed.json', urls)).toBe(
      'https://news.example/feeds/partners/almadar/feed.json',
    );
    expect(feedUrlOfKey('feeds/languages/ar/atom.xml', urls)).toBe(
      'https://news.example/feeds/languages/ar/atom.xml',
    );
    for (const key of [
      'index.html',
      'articles/x.html',
      'articles/x.json',
      'feeds/other.xml',
      'feeds/partners/almadar/archive/1/atom.xml',
      'feeds/archive/rss.xml',
    ])
      expect(feedUrlOfKey(key, urls), key).toBeUndefined();
  });

  it('sends nothing when no feed was written, or when there is no notifier', async () => {
    const calls: string[][] = [];
    const hubNotifier = {
      notify: async (topics: readonly string[]) => {
        calls.push([...topics]);
        return { accepted: 0, requests: 0, failed: [] };
      },
    };
    expect(
      await notifyHubsOfChangedFeeds(['index.html', 'articles/x.html'], { urls, hubNotifier }),
    ).toBeUndefined();
    expect(await notifyHubsOfChangedFeeds(['feeds/rss.xml'], { urls })).toBeUndefined();
    await notifyHubsOfChangedFeeds(['feeds/rss.xml', 'index.html', 'feeds/atom.xml', 'feeds/rss.xml'], {
      urls,
      hubNotifier,
    });
    expect(calls).toEqual([['https://news.example/feeds/atom.xml', 'https://news.example/feeds/rss.xml']]);
  });
});

describe('HttpHubNotifier against a hub stub', () => {
  const stubs: WebSubHubStub[] = [];
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((stub) => stub.stop()));
  });
  const hub = async (answer: (request: HubRequest, earlier: number) => HubAnswer) => {
    const stub = await WebSubHubStub.start(answer);
    stubs.push(stub);
    return stub;
  };
  const topics = ['https://news.example/feeds/rss.xml', 'https://news.example/feeds/atom.xml'];

  it('posts hub.mode=publish and hub.url, form encoded, once per hub and topic', async () => {
    const [one, two] = [await hub(() => 204), await hub(() => 202)];
    const report = await new HttpHubNotifier([one.url, two.url]).notify([...topics, topics[0] as string]);
    expect(report).toEqual({ accepted: 4, requests: 4, failed: [] });
    for (const stub of [one, two]) {
      expect(stub.topics().sort()).toEqual([...topics].sort());
      for (const request of stub.requests) {
        expect(request.method).toBe('POST');
        expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
        expect(request.fields).toEqual({ 'hub.mode': 'publish', 'hub.url': expect.any(String) });
      }
    }
  });

  it('retries a 5xx, 429 or 408 with back-off until the hub accepts', async () => {
    const statuses = [503, 429, 408];
    const stub = await hub((_request, earlier) => statuses[earlier] ?? 204);
    const report = await new HttpHubNotifier([stub.url], { attempts: 4, firstBackoffMs: 1 }).notify(topics);
    expect(report).toEqual({ accepted: 2, requests: 8, failed: [] });
  });

  it('gives up after the attempts allowed, and at once on a refusal such as 400 or a redirect', async () => {
    const failing = await hub(() => 500);
    const refusing = await hub(() => 400);
    const moved = await hub(() => 301);
    const report = await new HttpHubNotifier([failing.url, refusing.url, moved.url], {
      attempts: 3,
      firstBackoffMs: 1,
    }).notify(topics.slice(0, 1));
    expect(failing.requests).toHaveLength(3);
    expect(refusing.requests).toHaveLength(1);
    expect(moved.requests).toHaveLength(1);
    expect(report.accepted).toBe(0);
    expect(report.failed).toHaveLength(3);
    expect(report.failed).toEqual(
      expect.arrayContaining([
        { hub: failing.url, topic: topics[0], attempts: 3, reason: 'the hub answered 500' },
        { hub: refusing.url, topic: topics[0], attempts: 1, reason: 'the hub answered 400' },
        { hub: moved.url, topic: topics[0], attempts: 1, reason: 'the hub answered 301' },
      ]),
    );
  });

  it('gives up on a hub that never answers within its bound, while another hub is told', async () => {
    const hanging = await hub(() => 'hang');
    const accepting = await hub(() => 204);
    const report = await new HttpHubNotifier([hanging.url, accepting.url], {
      attempts: 2,
      attemptTimeoutMs: 400,
      totalMs: 5_000,
      firstBackoffMs: 1,
    }).notify(topics);
    expect(new Set(accepting.topics())).toEqual(new Set(topics));
    expect(report.accepted).toBe(2);
    expect(report.failed.map((failure) => [failure.hub, failure.attempts])).toEqual([
      [hanging.url, 2],
      [hanging.url, 2],
    ]);
    expect(report.failed[0]?.reason).toBe('no answer within 400 ms');
  });

  it('stops retrying when the total time bound passes, before the attempts run out', async () => {
    const hanging = await hub(() => 'hang');
    const report = await new HttpHubNotifier([hanging.url], {
      attempts: 100,
      attemptTimeoutMs: 200,
      totalMs: 500,
      firstBackoffMs: 1,
    }).notify(topics.slice(0, 1));
    expect(report.accepted).toBe(0);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.attempts).toBeLessThan(100);
    expect(report.failed[0]?.reason).toMatch(/then the time ran out$/);
  });

  it('reports a hub it cannot reach, without throwing', async () => {
    const gone = await hub(() => 204);
    await gone.stop();
    stubs.pop();
    const report = await new HttpHubNotifier([gone.url], { attempts: 2, firstBackoffMs: 1 }).notify(topics);
    expect(report.accepted).toBe(0);
    expect(report.requests).toBe(4);
    expect(report.failed[0]?.reason).toMatch(/^the request failed: /);
  });
});

describe('observedHubNotifier', () => {
  it('counts what was accepted and what failed, and logs each failure', async () => {
    const metrics: [string, string, number][] = [];
    const warnings: unknown[] = [];
    const failure = {
      hub: 'https://hub.example/',
      topic: 'https://news.example/feeds/rss.xml',
      attempts: 3,
      reason: 'the hub answered 500',
    };
    const observed = observedHubNotifier(
      { notify: async () => ({ accepted: 2, requests: 5, failed: [failure] }) },
      {
        info: () => undefined,
        warn: (_message: string, ...extra: unknown[]) => {
          warnings.push(extra[0]);
        },
        error: () => undefined,
      },
      { addMetric: (name, unit, value) => metrics.push([name, unit, value]), addDimension: () => undefined },
    );
    await observed.notify(['https://news.example/feeds/rss.xml']);
    expect(metrics).toEqual([
      [METRIC.hubNotificationsAccepted, 'Count', 2],
      [METRIC.hubNotificationsFailed, 'Count', 1],
    ]);
    expect(warnings).toEqual([failure]);
  });

  it('turns a notifier that throws into failures: a publish never fails for a hub', async () => {
    const metrics: [string, number][] = [];
    const observed = observedHubNotifier(
      {
        notify: async () => {
          throw new Error('broken');
        },
      },
      { info: () => undefined, warn: () => undefined, error: () => undefined },
      { addMetric: (name, _unit, value) => metrics.push([name, value]), addDimension: () => undefined },
    );
    const report = await observed.notify(['https://news.example/feeds/rss.xml']);
    expect(report.failed).toHaveLength(1);
    expect(metrics).toContainEqual([METRIC.hubNotificationsFailed, 1]);
  });
});
