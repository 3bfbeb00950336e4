import type { Article } from '../domain/article';
import type { ArchiveSeal } from '../domain/feed-archive';
import type { ArticleStore, FeedCatalog, OrderWindow } from '../ports/article-store';
import { KnownOrder } from './known-order';
import { writePool } from './write-pool';

/** Reads of one publish in flight at once, as its writes are. */
const READ_CONCURRENCY = 8;

/**
 * What one publish has read of the table, under the publish lease: article heads, stretches of the
 * orders and the list of known feeds. A publish reads what its batch needs in a few wide reads up
 * front (one BatchGetItem for every head, one Query for each feed's newest entries), then renders
 * through {@link PublishSnapshot.store}, which answers from here and reads the table only for what
 * was not foreseen. Rendering from one snapshot taken under the lease is rendering from current state
 * (docs/decisions/0003-render-from-current-state.md): a change made meanwhile has its own stream
 * record, and so its own publish.
 */
export class PublishSnapshot {
  readonly #store: ArticleStore;
  readonly #articles = new Map<string, Article>();
  readonly #absent = new Set<string>();
  readonly #orders = new Map<string, KnownOrder>();
  #catalog: Promise<FeedCatalog> | undefined;
  /** Newest seals learnt during this publish: made by it, or read from an unindexed partition. */
  readonly #seals = new Map<string, ArchiveSeal | null>();
  /** The article store as rendering sees it: reads answered from the snapshot where it can. */
  readonly store: ArticleStore;

  constructor(store: ArticleStore) {
    this.#store = store;
    const overrides: Partial<ArticleStore> = {
      getArticles: async (ids) => {
        await this.readArticles(ids);
        return ids.flatMap((id) => this.#articles.get(id) ?? []);
      },
      newest: async (scope, limit) => this.#orders.get(scope)?.newest(limit) ?? store.newest(scope, limit),
      neighbours: async (scope, key) =>
        this.#orders.get(scope)?.neighbours(key) ?? store.neighbours(scope, key),
      feedCatalog: () => this.#feedCatalog(),
      feedScopes: async () => (await this.#feedCatalog()).scopes,
      recordFeedScopes: async (scopeIds) => {
        await store.recordFeedScopes(scopeIds);
        const before = this.#feedCatalog();
        this.#catalog = before.then((catalog) => ({
          ...catalog,
          scopes: [...new Set([...catalog.scopes, ...scopeIds])].sort(),
        }));
      },
      // The feed list indexes each order's newest seal (decision 0051): no Query of the archives.
      newestArchive: async (scope) => {
        const indexed = this.#seals.has(scope)
          ? this.#seals.get(scope)
          : (await this.#feedCatalog()).newestSeals.get(scope);
        if (indexed !== undefined) return indexed ?? undefined;
        const found = await store.newestArchive(scope);
        await store.indexNewestArchive(scope, found ?? null);
        this.#seals.set(scope, found ?? null);
        return found;
      },
      sealArchive: async (seal) => {
        await store.sealArchive(seal);
        this.#seals.set(seal.scope, seal);
      },
    };
    // Every other method goes to the store itself: the snapshot only saves reads.
    this.store = new Proxy(store, {
      get(target, property) {
        const override = overrides[property as keyof ArticleStore];
        if (override) return override;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The feed list, read once (feeds this publish records are added to it as it records them). */
  #feedCatalog(): Promise<FeedCatalog> {
    this.#catalog ??= this.#store.feedCatalog();
    return this.#catalog;
  }

  /** The head of `articleId`, if read and found. */
  article(articleId: string): Article | undefined {
    return this.#articles.get(articleId);
  }

  /**
   * Reads the heads of `articleIds` and the feed list in one request, unless the feed list is read
   * already: a publish's first read, which needs both (decision 0056).
   */
  async readArticlesWithCatalog(articleIds: Iterable<string>): Promise<void> {
    if (this.#catalog) return this.readArticles(articleIds);
    const missing = this.#notRead(articleIds);
    const { articles, catalog } = await this.#store.getArticlesWithFeedCatalog(missing);
    this.#catalog ??= Promise.resolve(catalog);
    this.#remember(missing, articles);
  }

  /** Reads the heads of `articleIds` not read yet, in one BatchGetItem per hundred. */
  async readArticles(articleIds: Iterable<string>): Promise<void> {
    const missing = this.#notRead(articleIds);
    if (missing.length === 0) return;
    this.#remember(missing, await this.#store.getArticles(missing));
  }

  /** The ids of `articleIds` neither read nor known absent, once each. */
  #notRead(articleIds: Iterable<string>): string[] {
    return [...new Set(articleIds)].filter((id) => !this.#articles.has(id) && !this.#absent.has(id));
  }

  /** Keeps the heads read for `asked`; the ids among them with no head are known absent. */
  #remember(asked: readonly string[], articles: readonly Article[]): void {
    for (const article of articles) this.#articles.set(article.articleId, article);
    for (const id of asked) if (!this.#articles.has(id)) this.#absent.add(id);
  }

  /** What is known of the order `scope`. */
  order(scope: string): KnownOrder {
    let order = this.#orders.get(scope);
    if (!order) {
      order = new KnownOrder();
      this.#orders.set(scope, order);
    }
    return order;
  }

  /** Reads these stretches of orders, a few at a time, and remembers them. */
  async readWindows(
    reads: readonly { scope: string; around: { key?: string; older: number; newer: number } }[],
  ): Promise<void> {
    const pool = writePool(READ_CONCURRENCY);
    for (const { scope, around } of reads) {
      await pool.add(async () => {
        const window: OrderWindow = await this.#store.orderWindow(scope, around);
        this.order(scope).add(window);
      });
    }
    await pool.drain();
  }
}
