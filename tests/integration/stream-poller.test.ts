import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JavaMissingError, startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { ensureTable } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { StreamPoller } from '../../local/stream-poller';

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

  it('delivers records in order as Lambda events, retrying a failed batch until it succeeds', async () => {
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
    // The first batch was offered three times (two failures, one success) before anything after it.
    expect(invocations[0]).toEqual(invocations[1]);
    expect(invocations[1]).toEqual(invocations[2]);
    const successful = invocations.slice(2).flat();
    expect(successful).toEqual(['one', 'two', 'three']);
    expect(delivered.indexOf('three')).toBeGreaterThan(delivered.lastIndexOf('one'));
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
