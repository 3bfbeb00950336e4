import type { FeedScope } from '../domain/feed-scope';
import type { HubNotificationReport, HubNotifier } from '../ports/hub-notifier';
import type { FeedFormat, SiteUrls } from '../render/site-urls';

/** What telling the WebSub hubs needs. */
export interface HubNotificationDependencies {
  urls: SiteUrls;
  /** Absent when no hub is configured (`WEBSUB_HUB_URL` empty): then nothing is sent. */
  hubNotifier?: HubNotifier;
}

const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];
const FEED_KEY = /^feeds\/(?:(partners|languages)\/([^/]+)\/)?[^/]+$/;

/**
 * The public URL of the feed stored at `key`, or undefined when `key` is no feed (a page, the index,
 * an archive document): the inverse of `SiteUrls.feed`, checked against it.
 */
export function feedUrlOfKey(key: string, urls: SiteUrls): string | undefined {
  const match = FEED_KEY.exec(key);
  if (!match) return undefined;
  const [, kind, name = ''] = match;
  const scope: FeedScope =
    kind === 'partners'
      ? { kind: 'partner', partnerId: name }
      : kind === 'languages'
        ? { kind: 'language', language: name }
        : { kind: 'site' };
  for (const format of FEED_FORMATS) {
    const location = urls.feed(scope, format);
    if (location.key === key) return location.url;
  }
  return undefined;
}

/**
 * Tells the hubs of every feed among `written`, the keys a render actually wrote (an unchanged feed
 * is not written, so its subscribers hear nothing). Each format is its own topic, as each declares
 * its own self URL, so a feed whose three formats changed is notified three times. Called once the
 * objects are written, so a hub that fetches at once reads the new feed; returns within the
 * notifier's bound and never throws (docs/decisions/0043-websub-after-the-writes.md).
 */
export async function notifyHubsOfChangedFeeds(
  written: readonly string[],
  deps: HubNotificationDependencies,
): Promise<HubNotificationReport | undefined> {
  if (!deps.hubNotifier) return undefined;
  const topics = [...new Set(written.flatMap((key) => feedUrlOfKey(key, deps.urls) ?? []))].sort();
  if (topics.length === 0) return undefined;
  return deps.hubNotifier.notify(topics);
}
