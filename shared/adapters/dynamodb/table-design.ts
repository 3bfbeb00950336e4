/**
 * The single table's key design, shared by the adapter, the local table creation and the CDK
 * construct so the three never drift. See docs/data-model.md.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB may delete the item (delivery ids, rate windows). */
  timeToLiveAttribute: 'expiresAt',
  /** Every article of one partner, any state, by publication instant: the editor list by partner. */
  byPartnerIndex: { name: 'byPartner', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Every article, any state, by publication instant: the editor list. */
  catalogIndex: { name: 'catalog', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** The publisher needs both images to relink old neighbours. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

/** Item keys of every entity. One place, so a key's shape is never spelled twice. */
export const keys = {
  articleHead: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'HEAD' }),
  revision: (articleId: string, revision: number) => ({
    pk: `ARTICLE#${articleId}`,
    sk: `REV#${String(revision).padStart(10, '0')}`,
  }),
  publication: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'PUBLICATION' }),
  slug: (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' }),
  delivery: (partnerId: string, deliveryId: string) => ({
    pk: `DELIVERY#${partnerId}#${deliveryId}`,
    sk: 'DELIVERY',
  }),
  orderPartition: (scope: string) => `ORDER#${scope}`,
  orderEntry: (scope: string, key: string) => ({ pk: `ORDER#${scope}`, sk: key }),
  pendingPartition: 'PENDING',
  /** Sealed archives of one order, by their upper bound (an order key), so a key's archive is one query. */
  archivePartition: (scope: string) => `ARCHIVE#${scope}`,
  archiveSeal: (scope: string, upperKey: string) => ({ pk: `ARCHIVE#${scope}`, sk: upperKey }),
  /** The one partition of the catalog index: every article, any state. */
  catalogPartition: 'CATALOG',
  pending: (articleId: string) => ({ pk: 'PENDING', sk: articleId }),
  /** Articles awaiting an embargo's release, one marker each: what a runtime re-arms at start. */
  scheduledPartition: 'SCHEDULED',
  scheduledRelease: (articleId: string) => ({ pk: 'SCHEDULED', sk: articleId }),
  publishLock: { pk: 'LOCK#publisher', sk: 'LOCK' },
  /**
   * The feed list: `scopes`, every feed ever published, and one `newestSeal#{scope}` attribute per
   * order whose newest sealed archive is indexed (decision 0051).
   */
  feedScopes: { pk: 'SITE', sk: 'FEED_SCOPES' },
  /** The feed list's attribute indexing the newest sealed archive of `scope`. */
  newestSealAttribute: (scope: string) => `newestSeal#${scope}`,
  /** The content hash of one object of the site bucket, by its key (ports/site-object-hashes.ts). */
  siteObject: (objectKey: string) => ({ pk: `SITEOBJECT#${objectKey}`, sk: 'HASH' }),
  /** Every content hash's partition, as an IAM `StringLike` pattern: all a batch write may touch. */
  siteObjectPartitions: 'SITEOBJECT#*',
  rateWindow: (caller: string, windowStart: number) => ({ pk: `RATE#${caller}#${windowStart}`, sk: 'RATE' }),
  job: (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' }),
  /** The one partition of the partner registry's non-secret part: listing it is one Query. */
  partnersPartition: 'PARTNERS',
  partnerProfile: (partnerId: string) => ({ pk: 'PARTNERS', sk: `PARTNER#${partnerId}` }),
  /** Indexable articles by site order key, and the sitemap shards (decision 0046). */
  sitemapEntryPartition: 'SITEMAP#ENTRIES',
  sitemapEntry: (key: string) => ({ pk: 'SITEMAP#ENTRIES', sk: key }),
  sitemapShardPartition: 'SITEMAP#SHARDS',
  sitemapShard: (id: number) => ({ pk: 'SITEMAP#SHARDS', sk: `SHARD#${String(id).padStart(10, '0')}` }),
} as const;

/** The `entity` attribute of partner profiles; no stream filter lets them invoke a function. */
export const PARTNER_ENTITY = 'Partner';

/** The `entity` attribute of article heads: the only items whose changes trigger a publish. */
export const ARTICLE_ENTITY = 'Article';

/**
 * Lambda event filter patterns (plain objects, no CDK here) that let only article-head records of the
 * table's stream invoke the publisher: a record matches if its new image is an `Article`, or its old image
 * is (a record whose new image is gone). `[value]` is the event-filter syntax for equality (what CDK's
 * `FilterRule.isEqual` produces). The CDK construct wraps each pattern with `FilterCriteria.filter`;
 * `articleChangesOf` applies the same rule to whatever reaches the handler (locally, every record).
 */
export const ARTICLE_HEAD_STREAM_FILTERS = [
  { dynamodb: { NewImage: { entity: { S: [ARTICLE_ENTITY] } } } },
  { dynamodb: { OldImage: { entity: { S: [ARTICLE_ENTITY] } } } },
] as const;

/** The `entity` attribute of republish jobs: the only items whose changes invoke the republisher. */
export const JOB_ENTITY = 'Job';

/**
 * Lambda event filter patterns that let only records of running `Job` items invoke the republisher,
 * as {@link ARTICLE_HEAD_STREAM_FILTERS} does for the publisher. Only a job's new image matters (its
 * removal by TTL, long after it ended, continues nothing). `jobIdsOf` applies the same rule, and
 * picks the records that continue a job, to whatever reaches the handler (locally, every record).
 */
export const JOB_STREAM_FILTERS = [
  { dynamodb: { NewImage: { entity: { S: [JOB_ENTITY] }, state: { S: ['running'] } } } },
] as const;
