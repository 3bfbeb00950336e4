/** How often what DynamoDB left unprocessed (throttling, a 16 MB answer) is sent again. */
const MAX_ATTEMPTS = 8;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));

/**
 * Sends `items` with `send`, then whatever it reports DynamoDB left unprocessed, after a growing
 * pause, until nothing is left: the retry a `BatchGetItem` or `BatchWriteItem` needs. Throws, naming
 * `operation` and what was left, after eight tries.
 */
export async function untilAllProcessed<T>(
  operation: string,
  items: readonly T[],
  send: (items: T[]) => Promise<T[] | undefined>,
): Promise<void> {
  let pending: T[] | undefined = [...items];
  for (let attempt = 0; pending && pending.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`${operation} left ${pending.length} unprocessed after ${attempt} attempts`);
    if (attempt > 0) await pause(attempt);
    pending = await send(pending);
  }
}
