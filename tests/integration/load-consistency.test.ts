import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArticleLinks } from '../support/article-links';
import {
  LOAD_SECRETS,
  loadPartners,
  loadSizesFrom,
  type PlannedDelivery,
  planLoad,
} from '../support/load-plan';
import { feedPaths, readFeeds } from '../support/scoped-feeds';
import { type Answer, TestPipeline } from '../support/test-pipeline';

/**
 * Issue 12 point 4. `npm test` runs a small load (100 deliveries by default); `npm run test:load`
 * runs the same test with 1,000 (vitest.load.config.ts). Sizes come from `LOAD_DELIVERIES`,
 * `LOAD_CONCURRENCY`, `LOAD_REPEAT_SHARE`, `LOAD_STALE_SHARE` and `LOAD_SEED`.
 */
const sizes = loadSizesFrom(process.env);
const plan = planLoad(sizes);
/** Generous for a shared 2-core machine: the run is judged on what it stores, never on its time. */
const RUN_TIMEOUT_MS = 120_000 + sizes.deliveries * 600;

interface Outcome {
  delivery: PlannedDelivery;
  answer: Answer;
  /** Milliseconds from sending to the answer, for the figures the run reports. */
  latencyMs: number;
}

const pathOf = (url: string | null) => (url === null ? null : new URL(url).pathname);
const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;

describe(`${sizes.deliveries} signed deliveries, ${sizes.concurrency} at once, with retries and stale updates (seed ${sizes.seed})`, () => {
  let stack: TestPipeline;
  const outcomes = new Map<PlannedDelivery, Outcome>();
  let items: Record<string, unknown>[] = [];

  /**
   * Sends the plan with at most `concurrency` deliveries in flight. Each waits for the answer it
   * must follow (its article's earlier change, or the delivery it retries); that one is earlier in
   * the queue, so it has been taken already and the wait always ends.
   */
  const sendAll = async () => {
    const answered = new Map<PlannedDelivery, Promise<unknown>>();
    const settle = new Map<PlannedDelivery, () => void>();
    for (const delivery of plan.deliveries) {
      answered.set(delivery, new Promise<void>((resolve) => settle.set(delivery, resolve)));
    }
    let next = 0;
    const worker = async () => {
      for (let delivery = plan.deliveries[next++]; delivery; delivery = plan.deliveries[next++]) {
        if (delivery.after) await answered.get(delivery.after);
        const sentAt = performance.now();
        try {
          const answer = await stack.deliver(delivery.body, {
            partnerId: delivery.partnerId,
            secret: LOAD_SECRETS[delivery.partnerId],
            deliveryId: delivery.deliveryId,
          });
          outcomes.set(delivery, { delivery, answer, latencyMs: performance.now() - sentAt });
        } finally {
          settle.get(delivery)?.();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, sizes.concurrency) }, worker));
  };

  beforeAll(async () => {
    stack = await TestPipeline.start({ partners: loadPartners() });
    const started = performance.now();
    await sendAll();
    const lastAnswer = performance.now();
    await stack.waitUntilPublished(RUN_TIMEOUT_MS);
    const live = performance.now();
    items = await stack.items();

    const latencies = [...outcomes.values()].map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
    const seconds = (lastAnswer - started) / 1000;
    // The figures of the run, for the report and docs/BENCHMARKS.md; never asserted (no timing assertions).
    console.info(
      `load: ${outcomes.size} deliveries, concurrency ${sizes.concurrency}, ${seconds.toFixed(1)} s, ` +
        `${(outcomes.size / seconds).toFixed(1)}/s; latency p50 ${percentile(latencies, 0.5).toFixed(0)} ms, ` +
        `p95 ${percentile(latencies, 0.95).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms; ` +
        `all live ${((live - lastAnswer) / 1000).toFixed(1)} s after the last answer`,
    );
  }, 2 * RUN_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  const outcomeOf = (delivery: PlannedDelivery | undefined): Outcome => {
    const outcome = delivery && outcomes.get(delivery);
    if (!outcome) throw new Error('a planned delivery was not answered');
    return outcome;
  };
  const describeAnswer = ({ delivery, answer }: Outcome) =>
    `${delivery.role} ${delivery.deliveryId}: ${answer.status} ${answer.text}`;
  const heads = () => items.filter((item) => item.entity === 'Article');
  const urlOf = (slug: unknown) => `${stack.url}/articles/${slug as string}.html`;

  it('answers every delivery: 2xx for a change or its repeat, 409 for a stale update or its repeat', () => {
    expect(outcomes.size).toBe(plan.deliveries.length);
    for (const outcome of outcomes.values()) {
      const { role } = outcome.delivery.repeats ?? outcome.delivery;
      if (role === 'stale') expect(outcome.answer.status, describeAnswer(outcome)).toBe(409);
      else expect([200, 202], describeAnswer(outcome)).toContain(outcome.answer.status);
    }
  });

  it('gives a repeated webhook-id the same answer, and a change one 202 whichever copy came first', () => {
    const copies = new Map<PlannedDelivery, Outcome[]>();
    for (const outcome of outcomes.values()) {
      const original = outcome.delivery.repeats ?? outcome.delivery;
      copies.set(original, [...(copies.get(original) ?? []), outcome]);
    }
    for (const [original, answers] of copies) {
      const first = outcomeOf(original);
      for (const copy of answers) {
        expect(copy.answer.json, describeAnswer(copy)).toEqual(first.answer.json);
        if (original.role === 'stale') expect(copy.answer.status, describeAnswer(copy)).toBe(409);
      }
      if (original.role !== 'stale') {
        // The copy sent while the first was in flight may be the one that made the change.
        const accepted = answers.filter((copy) => copy.answer.status === 202);
        expect(accepted.map(describeAnswer), original.deliveryId).toHaveLength(1);
      }
    }
  });

  it('stores every accepted article once, none lost, none extra, and no stale update', () => {
    const accepted = new Map<string, string>();
    for (const { delivery, answer } of outcomes.values()) {
      if (answer.status === 202 || answer.status === 200) {
        accepted.set((answer.json as { articleId: string }).articleId, delivery.externalId);
      }
    }
    expect(accepted.size).toBe(plan.articles.length);
    const byExternalId = new Map(heads().map((head) => [`${head.partnerId}/${head.externalId}`, head]));
    expect(heads()).toHaveLength(plan.articles.length);
    expect(new Set(heads().map((head) => head.articleId))).toEqual(new Set(accepted.keys()));
    for (const article of plan.articles) {
      const head = byExternalId.get(`${article.partnerId}/${article.externalId}`) as
        | { revision: number; articleId: string; content: { title: string } }
        | undefined;
      expect(head, article.externalId).toBeDefined();
      expect(head?.content.title, article.externalId).toBe(article.finalTitle);
      expect(head?.revision, article.externalId).toBe(article.revisions);
      const revisions = items.filter(
        (item) => item.pk === `ARTICLE#${head?.articleId}` && String(item.sk).startsWith('REV#'),
      );
      expect(revisions, `${article.externalId} has one revision per accepted change`).toHaveLength(
        article.revisions,
      );
    }
    // One claimed slug per article, one receipt per accepted webhook-id.
    expect(items.filter((item) => String(item.pk).startsWith('SLUG#'))).toHaveLength(plan.articles.length);
    const acceptedIds = new Set(
      [...outcomes.values()]
        .filter(({ answer }) => answer.status < 300)
        .map(({ delivery }) => `${delivery.partnerId}#${delivery.deliveryId}`),
    );
    const receipts = items.filter((item) => String(item.pk).startsWith('DELIVERY#'));
    expect(new Set(receipts.map((item) => String(item.pk).slice('DELIVERY#'.length)))).toEqual(acceptedIds);
    expect(receipts).toHaveLength(acceptedIds.size);
  });

  /** Each order partition of the table, oldest first, as page paths. */
  const tableOrders = () => {
    const slugs = new Map(heads().map((head) => [head.articleId, head.slug]));
    const orders = new Map<string, string[]>();
    const entries = items
      .filter((item) => String(item.pk).startsWith('ORDER#'))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
    for (const entry of entries) {
      const scope = String(entry.pk).slice('ORDER#'.length);
      const path = pathOf(urlOf(slugs.get(entry.articleId)));
      orders.set(scope, [...(orders.get(scope) ?? []), path ?? '']);
    }
    return orders;
  };

  it('publishes every feed as the table’s newest 50 of its scope, read by feed parsers', async () => {
    const orders = tableOrders();
    expect(orders.get('site')).toHaveLength(plan.articles.length);
    const directories = new Map(
      [...orders.keys()].map((scope) => {
        const [kind, value] = scope.split('#');
        const directory =
          kind === 'site'
            ? '/feeds'
            : kind === 'partner'
              ? `/feeds/partners/${value}`
              : `/feeds/languages/${value}`;
        return [directory, scope];
      }),
    );
    const feeds = await readFeeds(stack, feedPaths([...directories.keys()]));
    for (const feed of feeds) {
      const scope = directories.get(feed.path.slice(0, feed.path.lastIndexOf('/'))) ?? '';
      const newest = [...(orders.get(scope) ?? [])].reverse().slice(0, 50);
      expect(
        feed.items.map((item) => pathOf(item.link)),
        feed.path,
      ).toEqual(newest);
    }
  });

  it(
    'chains the pages previous to next in the table’s site order',
    async () => {
      const order = tableOrders().get('site') ?? [];
      const walked: string[] = [];
      let expectedNext: string | null = null;
      for (let path: string | null = order.at(-1) ?? null; path !== null && walked.length <= order.length; ) {
        walked.push(path);
        const links = await readArticleLinks(stack, `${stack.url}${path}`);
        expect(pathOf(links.next), `next of ${path}`).toBe(expectedNext);
        expectedNext = path;
        path = pathOf(links.previous);
      }
      expect(walked).toEqual([...order].reverse());
    },
    RUN_TIMEOUT_MS,
  );
});
