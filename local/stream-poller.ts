import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** Options of the local stream poller. */
export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  /** The publisher handler, invoked as Lambda's event source mapping would. */
  handler: (event: DynamoDBStreamEvent) => Promise<void>;
  logger: Logger;
  /** Where the last processed sequence number of each shard is kept across restarts. */
  checkpointFile?: string;
  /** Records per invocation; Lambda's default is 100. */
  batchSize?: number;
  idleDelayMs?: number;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  finished: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream record in the shape Lambda hands to a function. */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: change?.ApproximateCreationDateTime
        ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
      Keys: change?.Keys as never,
      NewImage: change?.NewImage as never,
      OldImage: change?.OldImage as never,
      SequenceNumber: change?.SequenceNumber,
      SizeBytes: change?.SizeBytes,
      StreamViewType: change?.StreamViewType,
    },
  };
}

/**
 * Reads the table's stream through the DynamoDB Streams API and invokes the publisher with
 * `DynamoDBStreamEvent` batches, as Lambda's event source mapping does: shard by shard, parents
 * before children, in order, a failed batch retried (with back-off) until it succeeds, so no
 * change is skipped. Progress is checkpointed after each successful batch.
 */
export class StreamPoller {
  readonly #options: Required<Omit<StreamPollerOptions, 'checkpointFile'>> & { checkpointFile?: string };
  readonly #shards = new Map<string, ShardState>();
  #checkpoints: Record<string, string> = {};
  #running = false;
  #loop?: Promise<void>;
  #lastShardRefresh = 0;

  constructor(options: StreamPollerOptions) {
    this.#options = { batchSize: 100, idleDelayMs: 200, ...options };
  }

  async start(): Promise<void> {
    if (this.#options.checkpointFile) {
      try {
        this.#checkpoints = JSON.parse(await readFile(this.#options.checkpointFile, 'utf8'));
      } catch {
        this.#checkpoints = {};
      }
    }
    await this.#refreshShards();
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /**
   * Starts one reader per shard once its parent is done, as the event source mapping does, so a
   * batch that keeps failing holds up its own shard only.
   */
  async #run(): Promise<void> {
    const readers = new Map<string, Promise<void>>();
    while (this.#running) {
      try {
        if (Date.now() - this.#lastShardRefresh > 5000) await this.#refreshShards();
      } catch (error) {
        this.#options.logger.error('listing stream shards failed; retrying', error as Error);
      }
      for (const [shardId, state] of this.#shards) {
        if (readers.has(shardId) || state.finished || !this.#parentFinished(state)) continue;
        readers.set(shardId, this.#readShard(state));
      }
      await sleep(this.#options.idleDelayMs);
    }
    await Promise.all(readers.values());
  }

  async #readShard(state: ShardState): Promise<void> {
    while (this.#running && !state.finished) {
      let delivered = 0;
      try {
        delivered = await this.#pollShard(state);
      } catch (error) {
        if (!this.#running) return;
        this.#options.logger.error('stream poll failed; retrying', error as Error);
        await sleep(1000);
      }
      if (delivered === 0) await sleep(this.#options.idleDelayMs);
    }
  }

  #parentFinished(state: ShardState): boolean {
    const parent = state.shard.ParentShardId;
    return !parent || !this.#shards.has(parent) || this.#shards.get(parent)?.finished === true;
  }

  async #refreshShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.#options.client.send(
        new DescribeStreamCommand({
          StreamArn: this.#options.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId && !this.#shards.has(shard.ShardId))
          this.#shards.set(shard.ShardId, { shard, finished: false });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    this.#lastShardRefresh = Date.now();
  }

  async #iteratorFor(state: ShardState): Promise<string | undefined> {
    const shardId = state.shard.ShardId as string;
    const after = this.#checkpoints[shardId];
    const { ShardIterator } = await this.#options.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.#options.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** Reads one batch of a shard and delivers it; returns how many records it delivered. */
  async #pollShard(state: ShardState): Promise<number> {
    state.iterator ??= await this.#iteratorFor(state);
    if (!state.iterator) {
      state.finished = true;
      return 0;
    }
    let output: GetRecordsCommandOutput;
    try {
      output = await this.#options.client.send(
        new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.#options.batchSize }),
      );
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
    const records = output.Records ?? [];
    if (records.length > 0) {
      await this.#deliver(records);
      const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) await this.#checkpoint(state.shard.ShardId as string, last);
    }
    state.iterator = output.NextShardIterator;
    if (!state.iterator) state.finished = true;
    return records.length;
  }

  /** Invokes the handler until it succeeds, as the event source mapping retries a failed batch. */
  async #deliver(records: StreamRecord[]): Promise<void> {
    const event: DynamoDBStreamEvent = {
      Records: records.map((record) => toLambdaRecord(record, this.#options.streamArn)),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#options.handler(event);
        return;
      } catch (error) {
        this.#options.logger.error('publisher failed; retrying the batch', {
          attempt,
          error: error as Error,
        });
        if (!this.#running) throw error;
        await sleep(Math.min(10_000, 200 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  async #checkpoint(shardId: string, sequenceNumber: string): Promise<void> {
    this.#checkpoints[shardId] = sequenceNumber;
    const file = this.#options.checkpointFile;
    if (!file) return;
    await mkdir(dirname(file), { recursive: true });
    // Write-then-rename so a crash never leaves a half-written checkpoint.
    await writeFile(`${file}.tmp`, JSON.stringify(this.#checkpoints));
    await rename(`${file}.tmp`, file);
  }
}
