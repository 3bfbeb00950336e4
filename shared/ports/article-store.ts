import type { Article, ArticleRevision, Publication, RevisionOrigin, Visibility } from '../domain/article';
import type { Editorial } from '../domain/editorial';
import type { ReleaseMarkerChange, ScheduledRelease } from '../domain/embargo';
import type { ArchiveSeal } from '../domain/feed-archive';
import type { OrderEntry } from '../domain/order-entry';
import type { SitemapEntry, SitemapShard } from '../domain/sitemap';
import type { PlainText } from '../text/markup';

/** The answer a delivery got, kept so a retry gets the same one. */
export interface DeliveryReceipt {
  articleId: string;
  revision: number;
  /** `scheduled`: stored under embargo, live by itself at its `publishedAt`. */
  state: 'pending' | 'published' | 'unpublished' | 'scheduled';
  url: string;
}

/** Everything one accepted change writes, atomically. */
export interface RevisionCommit {
  /** The new head of the article. */
  article: Article;
  revision: ArticleRevision;
  /** The revision the head must still be at; `undefined` when the article is new. */
  expectedRevision: number | undefined;
  /**
   * The `changeSeq` the head must still have; `undefined` when the article is new. A render request
   * bumps `changeSeq` without a new revision: a commit computed from a head read before it would
   * write the same `changeSeq` again, and the publisher skips a head whose `changeSeq` did not move.
   */
  expectedChangeSeq: number | undefined;
  /** The delivery that made it, recorded once so retries are answered from it. */
  delivery?: { partnerId: string; deliveryId: string; receipt: DeliveryReceipt };
  orders: { remove: OrderEntry[]; put: OrderEntry[] };
  /** The article's release marker, when the commit schedules, moves or cancels its embargo. */
  releaseMarker?: ReleaseMarkerChange;
}

/**
 * An embargo's release (shared/embargo/release-article.ts): the head's new visibility, `changeSeq`
 * and editorial record, without a new revision (the content did not change), and the release marker
 * removed, atomically.
 */
export interface ReleaseCommit {
  /** The head as released; its `neverPublic` is written as given (cleared once public). */
  article: Article;
  expectedRevision: number;
  expectedChangeSeq: number;
  orders: { remove: OrderEntry[]; put: OrderEntry[] };
  /** True when `changeSeq` moved and the publisher has something to render: a pending marker is put. */
  publishes: boolean;
}

/** One revision as the history lists it: everything but the content, and the title. */
export interface RevisionSummary {
  articleId: string;
  revision: number;
  recordedAt: string;
  visibility: Visibility;
  origin: RevisionOrigin;
  contentHash: string;
  title: PlainText;
  /** What editors had decided as of this revision; absent before an editor first acted. */
  editorial?: Editorial;
}

/** Neighbours of a position in an order: `previous` is older, `next` is newer. */
export interface Neighbours {
  previous?: OrderEntry;
  next?: OrderEntry;
}

/**
 * A stretch of an order, oldest first, as one read found it; `fromOldest` and `toNewest` say whether
 * it reaches the order's oldest and newest ends. Any key it spans has its neighbours in it.
 */
export interface OrderWindow {
  entries: OrderEntry[];
  fromOldest: boolean;
  toNewest: boolean;
}

/**
 * A key range of sitemap entries: keys above `after` and at most `upTo` (either end open when
 * absent), oldest first; with `newest`, only the newest that many, newest first.
 */
export interface SitemapRange {
  after?: string;
  upTo?: string;
  newest?: number;
}

/** The article table, as the use cases need it. Adapters: DynamoDB. */
export interface ArticleStore {
  getArticle(articleId: string): Promise<Article | undefined>;
  /** Heads of several articles, strongly consistent, in the order asked; missing ones left out. */
  getArticles(articleIds: readonly string[]): Promise<Article[]>;
  getDeliveryReceipt(partnerId: string, deliveryId: string): Promise<DeliveryReceipt | undefined>;
  /**
   * A delivery's receipt and the head of the article it names, strongly consistent, in one read:
   * what the ingest asks before every change. Either is absent when the table has none.
   */
  getDeliveryAndArticle(
    partnerId: string,
    deliveryId: string,
    articleId: string,
  ): Promise<{ receipt?: DeliveryReceipt; article?: Article }>;
  /**
   * Writes head, revision, delivery, order entries and the pending-publish marker in one
   * transaction. Throws `DeliveryAlreadyRecordedError`, `ConcurrentChangeError` or `SlugTakenError`.
   */
  commitRevision(commit: RevisionCommit): Promise<void>;
  /** Moves the article's newest-event time forward to `eventAt` (never back), changing nothing public. */
  recordEventTime(articleId: string, eventAt: string): Promise<void>;
  /** Records a delivery that changed nothing, so its retries are answered the same way. */
  recordDelivery(partnerId: string, deliveryId: string, receipt: DeliveryReceipt): Promise<void>;
  getPublication(articleId: string): Promise<Publication | undefined>;
  /** Publication records of several articles, in the order asked; those never rendered left out. */
  getPublications(articleIds: readonly string[]): Promise<Publication[]>;
  /** Every revision of an article without its content (title only), newest first. */
  listRevisions(articleId: string): Promise<RevisionSummary[]>;
  /**
   * Asks the publisher to render an article again as it is: bumps its `changeSeq` from
   * `expectedChangeSeq` and puts the pending marker, in one transaction, with no new revision.
   * Returns the new `changeSeq`. Throws `ConcurrentChangeError` if the article moved on.
   */
  requestRender(articleId: string, expectedChangeSeq: number): Promise<number>;
  /** Neighbours of `key` in the order `scope`, excluding `key` itself. */
  neighbours(scope: string, key: string): Promise<Neighbours>;
  /** The newest `limit` entries of an order. */
  newest(scope: string, limit: number): Promise<OrderEntry[]>;
  /**
   * Up to `older` entries of an order at or below `key` (`key` itself included when present) and up
   * to `newer` above it, one Query each way; without `key`, the newest `older` entries. What a
   * publish reads to know several pages' neighbours at once (shared/publish/known-order.ts).
   */
  orderWindow(scope: string, around: { key?: string; older: number; newer: number }): Promise<OrderWindow>;
  /** Records what was rendered and clears the pending marker if nothing newer arrived. */
  markRendered(publication: Publication): Promise<void>;
  /**
   * `markRendered` for a whole batch, in one transaction per fifty articles. Given `releasingLeaseOf`,
   * the last of them also gives the publish lease back if that owner still holds it (`PublishLock`):
   * the batch's last write, one request where the release took another. True when it gave the lease
   * back so; false when the caller must (a store that does not hold the lease's item).
   */
  markRenderedAll(
    publications: readonly Publication[],
    options?: { releasingLeaseOf?: string },
  ): Promise<boolean>;
  /** Remembers that these feeds exist, so the index can link every one. */
  recordFeedScopes(scopeIds: readonly string[]): Promise<void>;
  /** Every feed ever published, by scope id. */
  feedScopes(): Promise<string[]>;
  /**
   * Every feed ever published and the newest sealed archive of each order whose seal is indexed, in
   * one read: what a publish needs of its feeds before it renders any
   * (docs/decisions/0051-the-newest-seal-indexed-beside-the-feed-list.md).
   */
  feedCatalog(): Promise<FeedCatalog>;
  /**
   * `getArticles` and `feedCatalog` in one read: a publish's first, which needs both before it
   * renders anything, in one `BatchGetItem` where they took two requests.
   */
  getArticlesWithFeedCatalog(
    articleIds: readonly string[],
  ): Promise<{ articles: Article[]; catalog: FeedCatalog }>;
  /** How many accepted changes are not yet live. */
  countPendingPublishes(): Promise<number>;
  /** The entries of an order with `after < key <= through` (either bound left open when absent), oldest first, at most `limit`. */
  orderRange(scope: string, range: OrderRange): Promise<OrderEntry[]>;
  /** The newest sealed archive of an order; `undefined` before the first is sealed. */
  newestArchive(scope: string): Promise<ArchiveSeal | undefined>;
  /** The sealed archive holding `key` (the oldest whose bound is at or after it), if any, and the one before it. */
  archiveAt(scope: string, key: string): Promise<{ archive?: ArchiveSeal; previous?: ArchiveSeal }>;
  /** Every sealed archive of an order, oldest first. */
  archives(scope: string): Promise<ArchiveSeal[]>;
  /**
   * Records a sealed archive and indexes it as its order's newest, atomically; throws
   * `ConcurrentChangeError` when an archive with its bound, or a newer one, exists.
   */
  sealArchive(seal: ArchiveSeal): Promise<void>;
  /**
   * Indexes `seal` as the newest archive of `scope` (`null`: it has none yet), unless its index is
   * already written: for orders sealed, or first read, before the index existed.
   */
  indexNewestArchive(scope: string, seal: ArchiveSeal | null): Promise<void>;
  /** Puts sitemap entries and removes those at the `remove` keys (docs/decisions/0046-sitemap-shards-sealed-by-count.md). */
  writeSitemapEntries(change: { put: readonly SitemapEntry[]; remove: readonly string[] }): Promise<void>;
  /** The sitemap entries of a key range. */
  sitemapEntries(range: SitemapRange): Promise<SitemapEntry[]>;
  /** Every sitemap shard record, in no particular order. */
  sitemapShards(): Promise<SitemapShard[]>;
  /** Writes shard records whole. */
  writeSitemapShards(shards: readonly SitemapShard[]): Promise<void>;
  /** Every release still awaited (the release markers), soonest first: what a runtime arms. */
  scheduledReleases(): Promise<ScheduledRelease[]>;
  /** Writes a release. Throws `ConcurrentChangeError` if the head moved on since it was read. */
  commitRelease(commit: ReleaseCommit): Promise<void>;
}

/** The feeds ever published, and what is indexed of their newest sealed archives. */
export interface FeedCatalog {
  /** Every feed ever published but the site's, by scope id, sorted. */
  scopes: string[];
  /**
   * By scope id (the site's included): the newest sealed archive, or `null` when the order has none
   * yet. A scope missing here has its newest seal only in its archive partition: ask `newestArchive`.
   */
  newestSeals: ReadonlyMap<string, ArchiveSeal | null>;
}

/** A slice of an order: exclusive lower and inclusive upper order keys. */
export interface OrderRange {
  after?: string;
  through?: string;
  limit?: number;
}
