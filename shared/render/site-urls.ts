import type { FeedScope } from '../domain/feed-scope';

/** A published object: where it is stored and where the public fetches it. */
export interface SiteLocation {
  key: string;
  url: string;
}

/** The three formats every feed is published in. */
export type FeedFormat = 'rss' | 'atom' | 'json';

const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/**
 * Every S3 key and absolute URL of the site (CONTRACT §3), from one base URL, so pages, feeds
 * and self links always agree with where the CDN serves them.
 */
export class SiteUrls {
  readonly base: string;

  constructor(publicBaseUrl: string) {
    this.base = publicBaseUrl.replace(/\/+$/, '');
  }

  #at(key: string): SiteLocation {
    return { key, url: `${this.base}/${key}` };
  }

  /** The site root, served from `index.html`. */
  home(): SiteLocation {
    return { key: 'index.html', url: `${this.base}/` };
  }

  articlePage(slug: string): SiteLocation {
    return this.#at(`articles/${slug}.html`);
  }

  articleJson(slug: string): SiteLocation {
    return this.#at(`articles/${slug}.json`);
  }

  stylesheet(): SiteLocation {
    return this.#at('assets/site.css');
  }

  favicon(): SiteLocation {
    return this.#at('assets/favicon.svg');
  }

  /** The ICO icon at the root, where browsers and feed readers ask for it without being told. */
  faviconIco(): SiteLocation {
    return this.#at('favicon.ico');
  }

  /** The page served for a missing key (CONTRACT §3). */
  notFoundPage(): SiteLocation {
    return this.#at('404.html');
  }

  /**
   * Archive document `number` of a feed (RFC 5005 §4), beside the feed: `feeds/archive/3/rss.xml`,
   * `feeds/partners/{id}/archive/3/atom.xml`. Numbers count from the oldest, so a URL never moves.
   */
  feedArchive(scope: FeedScope, number: number, format: FeedFormat): SiteLocation {
    const feed = this.feed(scope, format).key;
    const slash = feed.lastIndexOf('/');
    return this.#at(`${feed.slice(0, slash)}/archive/${number}${feed.slice(slash)}`);
  }

  feed(scope: FeedScope, format: FeedFormat): SiteLocation {
    const file = FEED_FILES[format];
    switch (scope.kind) {
      case 'site':
        return this.#at(`feeds/${file}`);
      case 'partner':
        return this.#at(`feeds/partners/${scope.partnerId}/${file}`);
      case 'language':
        return this.#at(`feeds/languages/${scope.language}/${file}`);
    }
  }
}
