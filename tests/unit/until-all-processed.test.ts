import { afterEach, describe, expect, it, vi } from 'vitest';
import { untilAllProcessed } from '../../shared/adapters/dynamodb/until-all-processed';

afterEach(() => {
  vi.useRealTimers();
});

describe('sending again what DynamoDB left unprocessed', () => {
  it('sends the leftovers alone, until none is left', async () => {
    const sent: string[][] = [];
    const leftovers = [['b', 'c'], ['c'], undefined];
    await untilAllProcessed('BatchGetItem', ['a', 'b', 'c'], async (items) => {
      sent.push(items);
      return leftovers[sent.length - 1];
    });
    expect(sent).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('sends nothing for nothing', async () => {
    const send = vi.fn(async () => undefined);
    await untilAllProcessed('BatchWriteItem', [], send);
    expect(send).not.toHaveBeenCalled();
  });

  it('gives up after eight tries, naming the operation and what is left', async () => {
    vi.useFakeTimers();
    let tries = 0;
    const done = untilAllProcessed('BatchWriteItem', ['a', 'b'], async () => {
      tries++;
      return ['b'];
    }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await done).toEqual(new Error('BatchWriteItem left 1 unprocessed after 8 attempts'));
    expect(tries).toBe(8);
  });
});
