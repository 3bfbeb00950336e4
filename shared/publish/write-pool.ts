/**
 * Runs writes a few at a time. Under the publish lease their order does not matter, and S3 round
 * trips dominate a publish, so a handful in flight cuts its time several-fold. The first failure is
 * raised by `drain`, after the writes already started have settled.
 */
export function writePool(concurrency: number) {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  return {
    async add(write: () => Promise<void>): Promise<void> {
      while (running.size >= concurrency) await Promise.race(running);
      const task: Promise<void> = write()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain(): Promise<void> {
      await Promise.all(running);
      if (failure) throw failure.error;
    },
  };
}
