import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { toLambdaRecord } from '../../local/stream-poller';

/**
 * Reads a table's stream as the event source mapping does, one batch at a time, for a test to hand
 * to a function itself: each `next()` is every record written since the previous one, across the
 * stream's shards, in the shape Lambda delivers them (`toLambdaRecord`, as `npm start`'s poller).
 */
export class StreamBatches {
  readonly #after = new Map<string, string>();

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  /** The records written since the last call (all of them, the first time), as one stream event. */
  async next(): Promise<DynamoDBStreamEvent> {
    const records: StreamRecord[] = [];
    const { StreamDescription } = await this.client.send(
      new DescribeStreamCommand({ StreamArn: this.streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId as string;
      const after = this.#after.get(shardId);
      let { ShardIterator: iterator } = await this.client.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      // An open shard always hands back a next iterator: stop at the first empty read.
      while (iterator) {
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const read = page.Records ?? [];
        if (read.length === 0) break;
        records.push(...read);
        const last = read[read.length - 1]?.dynamodb?.SequenceNumber;
        if (last) this.#after.set(shardId, last);
        iterator = page.NextShardIterator;
      }
    }
    return { Records: records.map((record) => toLambdaRecord(record, this.streamArn)) };
  }
}
