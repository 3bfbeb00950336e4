import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  HeadBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { TABLE_DESIGN } from '../shared/adapters/dynamodb/table-design';

/** The table's stream, as the CDK stack declares it. */
const STREAM = { StreamEnabled: true, StreamViewType: TABLE_DESIGN.streamViewType } as const;

/** Creates the table as the CDK stack does (same keys, indexes, stream and TTL) unless it exists; returns its stream's ARN. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  await createTable(client, tableName, true);
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);
  return streamArn;
}

/**
 * The same table without a stream, for tests that never read one: the records a stream keeps cost
 * DynamoDB Local time on every later stream request of the run.
 */
export async function ensureTableWithoutStream(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTable(client, tableName, false);
}

/**
 * Turns on the stream of a table made by {@link ensureTableWithoutStream}; returns its ARN. A
 * benchmark seeds a large archive first and then starts the stream, because DynamoDB Local's writes
 * slow down with every stream record its database holds (decision 0047).
 */
export async function enableStream(client: DynamoDBClient, tableName: string): Promise<string> {
  const updated = await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: STREAM,
    }),
  );
  const streamArn = updated.TableDescription?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);
  return streamArn;
}

async function createTable(client: DynamoDBClient, tableName: string, stream: boolean): Promise<void> {
  const { partitionKey, sortKey, byPartnerIndex, catalogIndex } = TABLE_DESIGN;
  const existing = await client
    .send(new DescribeTableCommand({ TableName: tableName }))
    .catch(() => undefined);
  if (!existing) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            partitionKey,
            sortKey,
            ...[byPartnerIndex, catalogIndex].flatMap((i) => [i.partitionKey, i.sortKey]),
          ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [byPartnerIndex, catalogIndex].map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          })),
          ...(stream ? { StreamSpecification: STREAM } : {}),
        }),
      );
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}

/** Creates the site bucket unless it exists. */
export async function ensureBucket(client: S3Client, bucketName: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucketName }));
    return;
  } catch {
    // Missing: create it below.
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
}
