import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JavaMissingError, startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { ensureTable } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { type FailedStreamRecord, StreamPoller } from '../../local/stream-poller';

describe('StreamPoller', () => {
  const endpoint = inject('dynamodbEndpoint');
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint });
  const tableName = `poller-${randomUUID().slice(0, 8)}`;
  const invocations: string[][] = [];
  let failuresLeft = 2;
  let poller: StreamPoller;

  beforeAll(async () => {
    const streamArn = await ensureTable(dynamodb, tableName);
    poller = new StreamPoller({
      client: streams,
      streamArn,
      logger: new Logger({ logLevel: 'CRITICAL' }),
      idleDelayMs: 50,
      handler: async (event: DynamoDBStreamEvent) => {
        invocations.push(event.Records.map((record) => record.dynamodb?.Keys?.pk?.S ?? ''));
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('publisher failed');
        }
      },
    });
    await poller.start();
  });

  afterAll(async () => {
    await poller?.stop();
    dynamodb.destroy();
    streams.destroy();
  });

  it('delivers records in order as Lambda events, bisecting and retrying a failed batch until it succeeds', async () => {
    for (const pk of ['one', 'two', 'three']) {
      await dynamodb.send(
        new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && invocations.flat().filter((pk) => pk === 'three').length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const delivered = invocations.flat();
    // The first batch failed twice, each time offered again from its first record, halved if it held more.
    expect(invocations[0]?.[0]).toBe('one');
    expect(invocations[1]?.[0]).toBe('one');
    expect(invocations[0]?.slice(0, invocations[1]?.length)).toEqual(invocations[1]);
    const successful = invocations.slice(2).flat();
    expect(successful).toEqual(['one', 'two', 'three']);
    // Nothing after 'one' succeeds before 'one' does, though a failed batch may have offered it
    // (when all three were written before the first poll).
    const lastOfOne = delivered.lastIndexOf('one');
    expect(delivered.slice(lastOfOne)).toEqual(['one', 'two', 'three']);
  });
});

describe('StreamPoller with a poison record', () => {
  const endpoint = inject('dynamodbEndpoint');
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint });
  const tableName = `poison-${randomUUID().slice(0, 8)}`;
  const handled: string[] = [];
  const failures: FailedStreamRecord[] = [];
  let poisonInvocations = 0;
  let poller: StreamPoller;

  beforeAll(async () => {
    const streamArn = await ensureTable(dynamodb, tableName);
    poller = new StreamPoller({
      client: streams,
      streamArn,
      logger: new Logger({ logLevel: 'CRITICAL' }),
      idleDelayMs: 50,
      retryAttempts: 3,
      retryDelayMs: 10,
      onFailure: (failure) => failures.push(failure),
      handler: async (event: DynamoDBStreamEvent) => {
        const pks = event.Records.map((record) => record.dynamodb?.Keys?.pk?.S ?? '');
        if (pks.includes('poison')) {
          poisonInvocations++;
          throw new Error('cannot process this record, ever');
        }
        handled.push(...pks);
      },
    });
    await poller.start();
  });

  afterAll(async () => {
    await poller?.stop();
    dynamodb.destroy();
    streams.destroy();
  });

  it('hands a record that always fails to the failure destination after its retries and delivers the rest', async () => {
    const pks = ['before-1', 'before-2', 'poison', 'after-1', 'after-2'];
    for (const pk of pks) {
      await dynamodb.send(
        new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !handled.includes('after-2')) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(handled.filter((pk) => pk !== 'poison')).toEqual(['before-1', 'before-2', 'after-1', 'after-2']);
    expect(failures.map((failure) => failure.keys?.pk?.S)).toEqual(['poison']);
    expect(failures[0]?.error.message).toBe('cannot process this record, ever');
    // The first try, three retries of the record alone, and at most one try of each batch bisected down to it.
    expect(failures[0]?.attempts).toBe(4);
    expect(poisonInvocations).toBeLessThanOrEqual(4 + Math.ceil(Math.log2(pks.length)) + 1);
    // Past it: the checkpoint moved on, so it is not offered again.
    const offeredSoFar = poisonInvocations;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(poisonInvocations).toBe(offeredSoFar);
  });
});

describe('startDynamoDbLocal without Java', () => {
  it('says in one line what is missing and how to install it', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(JavaMissingError);
      await expect(startDynamoDbLocal()).rejects.toThrow(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });
});
