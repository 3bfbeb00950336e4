import { PartnerRegistry } from '../../shared/config/partner-registry';
import { englishArticle } from './fixtures';
import { seededRandom } from './seeded-random';
import { ALMADAR_SECRET, BACKFILL, OTHER_SECRET } from './test-partners';

/** The sizes of one load run, read from the environment so CI and `npm run test:load` share one test. */
export interface LoadSizes {
  /** Deliveries sent in all, repeats and stale ones included. */
  deliveries: number;
  /** Deliveries in flight at once, at most. */
  concurrency: number;
  /** Share of deliveries that repeat an earlier `webhook-id`. */
  repeatShare: number;
  /** Share of deliveries that are an update older than one already answered. */
  staleShare: number;
  /** Seed of the plan, so a failing run can be replayed. */
  seed: number;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number`);
  return parsed;
}

/** `LOAD_DELIVERIES`, `LOAD_CONCURRENCY`, `LOAD_REPEAT_SHARE`, `LOAD_STALE_SHARE`, `LOAD_SEED`. */
export function loadSizesFrom(env: NodeJS.ProcessEnv, defaults: Partial<LoadSizes> = {}): LoadSizes {
  return {
    deliveries: numberFrom(env, 'LOAD_DELIVERIES', defaults.deliveries ?? 100),
    concurrency: numberFrom(env, 'LOAD_CONCURRENCY', defaults.concurrency ?? 200),
    repeatShare: numberFrom(env, 'LOAD_REPEAT_SHARE', defaults.repeatShare ?? 0.2),
    staleShare: numberFrom(env, 'LOAD_STALE_SHARE', defaults.staleShare ?? 0.1),
    seed: numberFrom(env, 'LOAD_SEED', defaults.seed ?? 20261129),
  };
}

/** What a delivery is in the plan, which decides the answer it must get. */
export type DeliveryRole =
  /** The first delivery of a new article. */
  | 'publish'
  /** A newer update of a published article. */
  | 'update'
  /** An update older than the article's newest, sent once that newest one is answered: `409`. */
  | 'stale'
  /** The same `webhook-id` and body as an earlier delivery, sent once that one is answered. */
  | 'retry'
  /** The same `webhook-id` and body as another delivery, sent while that one may still be in flight. */
  | 'duplicate';

/** The partners a load run signs as; see `loadPartners`. */
export const LOAD_PARTNER_IDS = ['load-one', 'load-two'] as const;
export type LoadPartnerId = (typeof LOAD_PARTNER_IDS)[number];

/** The secret each load partner signs with. */
export const LOAD_SECRETS: Record<LoadPartnerId, string> = {
  'load-one': ALMADAR_SECRET,
  'load-two': OTHER_SECRET,
};

/**
 * Two partners without a site-feed cap (so the site feed is the newest of the whole order) and with
 * a rate limit no run reaches: the run measures ingest, not the limiter.
 */
export function loadPartners(): PartnerRegistry {
  return PartnerRegistry.parse({
    partners: LOAD_PARTNER_IDS.map((id) => ({
      id,
      name: `Partner ${id}`,
      homepage: `https://${id}.example/`,
      secrets: [LOAD_SECRETS[id]],
      rateLimit: { perMinute: 1_000_000 },
      dateWindow: BACKFILL,
    })),
  });
}

/** One planned delivery. */
export interface PlannedDelivery {
  /** Position in the sending queue. */
  index: number;
  role: DeliveryRole;
  partnerId: LoadPartnerId;
  externalId: string;
  deliveryId: string;
  body: ReturnType<typeof englishArticle>;
  /** The planned delivery whose answer must come before this one is sent. */
  after?: PlannedDelivery;
  /** For a retry or duplicate: the delivery it repeats. */
  repeats?: PlannedDelivery;
}

/** One article of the plan and the content it must end with. */
export interface PlannedArticle {
  partnerId: LoadPartnerId;
  externalId: string;
  finalTitle: string;
  /** How many revisions it must have: one per accepted change. */
  revisions: number;
}

/** A whole run: the deliveries in sending order and what the table must hold afterwards. */
export interface LoadPlan {
  deliveries: PlannedDelivery[];
  articles: PlannedArticle[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Within every test partner's backfill allowance, and well in the past. */
const EPOCH = Date.UTC(2025, 0, 1);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Plans a run of `sizes.deliveries` deliveries: of every ten, two repeat an earlier `webhook-id`
 * (half once the first is answered, as a partner's retry; half at the same time, as a partner that
 * retried too soon), one is an update older than one already answered, one is the newer update it
 * trails, and the rest publish new articles, spread over two partners, with colliding publication
 * minutes so ties in the order are exercised. Each stale update is older than its newer one in both
 * the envelope `timestamp` and `updatedAt`, the two ways ingest orders updates (decision 0012,
 * `partnerUpdatedAtOf`), and carries a different title and a different `publishedAt`, so a stale
 * one that got through would show in the table, the feeds and the chain.
 *
 * The sending order is a random topological order: whatever a delivery waits for comes earlier in
 * the queue, so workers taking deliveries in queue order can always make progress.
 */
export function planLoad(sizes: LoadSizes): LoadPlan {
  const random = seededRandom(sizes.seed);
  const repeats = Math.round(sizes.deliveries * sizes.repeatShare);
  const stale = Math.round(sizes.deliveries * sizes.staleShare);
  const publishes = sizes.deliveries - repeats - 2 * stale;
  if (publishes < Math.max(1, stale))
    throw new Error('too many repeats and stale updates for the deliveries');

  const pending: Omit<PlannedDelivery, 'index'>[] = [];
  const articles: PlannedArticle[] = [];
  const minutes = Math.max(1, Math.floor(publishes * 0.8));
  for (let number = 0; number < publishes; number++) {
    const partnerId = LOAD_PARTNER_IDS[random() < 0.6 ? 0 : 1];
    const externalId = `load-${number}`;
    const url = `https://${partnerId}.example/news/${externalId}`;
    const publishedAt = EPOCH + Math.floor(random() * minutes) * MINUTE;
    const sentAt = EPOCH + number * MINUTE;
    const title = `Load article ${number}`;
    const publish: Omit<PlannedDelivery, 'index'> = {
      role: 'publish',
      partnerId,
      externalId,
      deliveryId: `load-publish-${number}`,
      body: {
        ...englishArticle({ externalId, url, title, publishedAt: iso(publishedAt) }),
        timestamp: iso(sentAt),
      },
    };
    pending.push(publish);
    const article: PlannedArticle = { partnerId, externalId, finalTitle: title, revisions: 1 };
    articles.push(article);
    if (number >= stale) continue;

    // The newer update moves the article in the order; the stale one would move it elsewhere.
    const update: Omit<PlannedDelivery, 'index'> = {
      role: 'update',
      partnerId,
      externalId,
      deliveryId: `load-update-${number}`,
      after: publish as PlannedDelivery,
      body: {
        ...englishArticle(
          {
            externalId,
            url,
            title: `${title}, updated`,
            publishedAt: iso(publishedAt + 7 * MINUTE),
            updatedAt: iso(publishedAt + 2 * HOUR),
            contentText: 'The newer revision of the report.\n\nIt must be the one readers see.',
          },
          'article.updated',
        ),
        timestamp: iso(sentAt + 2 * HOUR),
      },
    };
    pending.push(update);
    pending.push({
      role: 'stale',
      partnerId,
      externalId,
      deliveryId: `load-stale-${number}`,
      after: update as PlannedDelivery,
      body: {
        ...englishArticle(
          {
            externalId,
            url,
            title: `${title}, stale`,
            publishedAt: iso(publishedAt - 13 * MINUTE),
            updatedAt: iso(publishedAt + HOUR),
            contentText: 'An older draft of the report.\n\nIt must never be stored.',
          },
          'article.updated',
        ),
        timestamp: iso(sentAt + HOUR),
      },
    });
    article.finalTitle = `${title}, updated`;
    article.revisions = 2;
  }
  const originals = [...pending];
  for (let number = 0; number < repeats; number++) {
    const original = originals[Math.floor(random() * originals.length)] as PlannedDelivery;
    const role: DeliveryRole = number % 2 === 0 ? 'retry' : 'duplicate';
    pending.push({
      ...original,
      role,
      repeats: original,
      // A retry follows the answer it repeats; a duplicate only what its original waits for.
      after: role === 'retry' ? original : original.after,
    });
  }

  // A random topological order: pick any delivery whose predecessor is already queued.
  const waiting = new Map<Omit<PlannedDelivery, 'index'>, Omit<PlannedDelivery, 'index'>[]>();
  const ready: Omit<PlannedDelivery, 'index'>[] = [];
  for (const delivery of pending) {
    if (!delivery.after) ready.push(delivery);
    else waiting.set(delivery.after, [...(waiting.get(delivery.after) ?? []), delivery]);
  }
  const order: PlannedDelivery[] = [];
  while (ready.length > 0) {
    const [next] = ready.splice(Math.floor(random() * ready.length), 1);
    if (!next) break;
    const delivery = next as PlannedDelivery;
    delivery.index = order.length;
    order.push(delivery);
    ready.push(...(waiting.get(next) ?? []));
  }
  if (order.length !== pending.length) throw new Error('the plan has a cycle');
  return { deliveries: order, articles };
}
