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
  /**
   * The most records per invocation; 1,000 by default, what one GetRecords returns at most. A poll
   * takes whatever has accumulated up to this, so batches grow under load and stay small when idle:
   * the publisher renders each feed once per batch. Locally every record of the table arrives here
   * (ingest writes about eight per delivery), where in AWS the event filter passes article heads
   * only, so 1,000 here is about what 100 is to the publisher's event source mapping.
   */
  batchSize?: number;
  idleDelayMs?: number;
  /**
   * How often one record that fails on its own is retried before it goes to `onFailure`; 10, as the
   * publisher's event source mapping in AWS (`retryAttempts`).
   */
  retryAttempts?: number;
  /** The first back-off between retries, doubled each time up to 10 s. */
  retryDelayMs?: number;
  /**
   * Where a record that failed every retry goes, as the event source mapping's on-failure destination
   * (the publisher's SQS dead-letter queue); it is then skipped. Logged as an error when absent.
   */
  onFailure?: (failure: FailedStreamRecord) => void;
}

/** A stream record the handler could not process, as the dead-letter queue describes it. */
export interface FailedStreamRecord {
  shardId: string;
  sequenceNumber: string | undefined;
  eventName: string | undefined;
  keys: NonNullable<DynamoDBRecord['dynamodb']>['Keys'];
  attempts: number;
  error: Error;
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
 * before children, in order. A failed batch is bisected (`bisectBatchOnError`) until the record that
 * fails is alone; that record is retried with back-off `retryAttempts` times and then handed to
 * `onFailure` and skipped, so a poison record never holds up its shard for ever while every other
 * record is still delivered. Progress is checkpointed after each delivered batch.
 */
export class StreamPoller {
  readonly #options: Required<Omit<StreamPollerOptions, 'checkpointFile' | 'onFailure'>> &
    Pick<StreamPollerOptions, 'checkpointFile' | 'onFailure'>;
  readonly #shards = new Map<string, ShardState>();
  #checkpoints: Record<string, string> = {};
  #running = false;
  #loop?: Promise<void>;
  #lastShardRefresh = 0;

  constructor(options: StreamPollerOptions) {
    this.#options = { batchSize: 1000, idleDelayMs: 200, retryAttempts: 10, retryDelayMs: 200, ...options };
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
      await this.#deliver(state.shard.ShardId as string, records);
      const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) await this.#checkpoint(state.shard.ShardId as string, last);
    }
    state.iterator = output.NextShardIterator;
    if (!state.iterator) state.finished = true;
    return records.length;
  }

  /**
   * Invokes the handler with a batch; a failed batch is split in two and each half delivered in
   * turn, and a single record that fails is retried, then handed to the failure destination.
   * Rendering from current state (decision 0003) makes the extra invocations safe.
   */
  async #deliver(shardId: string, records: StreamRecord[]): Promise<void> {
    const event: DynamoDBStreamEvent = {
      Records: records.map((record) => toLambdaRecord(record, this.#options.streamArn)),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#options.handler(event);
        return;
      } catch (error) {
        if (!this.#running) throw error;
        if (records.length > 1) {
          this.#options.logger.warn('stream batch failed; bisecting it', {
            records: records.length,
            error: error as Error,
          });
          const half = Math.ceil(records.length / 2);
          await this.#deliver(shardId, records.slice(0, half));
          await this.#deliver(shardId, records.slice(half));
          return;
        }
        if (attempt > this.#options.retryAttempts) {
          this.#fail(shardId, records[0] as StreamRecord, attempt, error as Error);
          return;
        }
        this.#options.logger.error('stream record failed; retrying it', { attempt, error: error as Error });
        await sleep(Math.min(10_000, this.#options.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  #fail(shardId: string, record: StreamRecord, attempts: number, error: Error): void {
    const failure: FailedStreamRecord = {
      shardId,
      sequenceNumber: record.dynamodb?.SequenceNumber,
      eventName: record.eventName,
      keys: toLambdaRecord(record, this.#options.streamArn).dynamodb?.Keys,
      attempts,
      error,
    };
    if (this.#options.onFailure) this.#options.onFailure(failure);
    else this.#options.logger.error('stream record failed every retry; skipped', { ...failure });
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
