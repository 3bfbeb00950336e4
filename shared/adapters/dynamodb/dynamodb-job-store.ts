import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobProgress, JobRecord, JobStore } from '../../ports/job-store';
import { isConditionFailure } from './condition-failure';
import { documentClientFor } from './document-client';
import { JOB_ENTITY, keys } from './table-design';

/** Options of the DynamoDB job store. */
export interface DynamoDbJobStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long a job is kept after it was last written. Default 30 days. */
  retentionSeconds?: number;
  clock?: () => Date;
}

const DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600;

/** Only a running job at the chunk the caller read may change. */
const AT_CHUNK = '#state = :running AND #chunks = :chunks';

/** Jobs as `JOB#{jobId}` / `JOB` items (docs/data-model.md); progress updates are conditional writes. */
export class DynamoDbJobStore implements JobStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #clock: () => Date;

  constructor(options: DynamoDbJobStoreOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
    this.#clock = options.clock ?? (() => new Date());
  }

  #stamps() {
    const now = this.#clock();
    return {
      ':updatedAt': now.toISOString(),
      ':expiresAt': Math.floor(now.getTime() / 1000) + this.#retentionSeconds,
    };
  }

  async create(job: JobRecord): Promise<void> {
    const stamps = this.#stamps();
    await this.#documents.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...keys.job(job.jobId), entity: JOB_ENTITY, ...job, expiresAt: stamps[':expiresAt'] },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: keys.job(jobId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...job } = Item;
    return job as JobRecord;
  }

  async recordAttempt(jobId: string, chunks: number): Promise<number | undefined> {
    try {
      const { Attributes } = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.job(jobId),
          UpdateExpression: 'SET attempts = attempts + :one, updatedAt = :updatedAt, expiresAt = :expiresAt',
          ConditionExpression: AT_CHUNK,
          ExpressionAttributeNames: { '#state': 'state', '#chunks': 'chunks' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':running': 'running',
            ':chunks': chunks,
            ...this.#stamps(),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes?.attempts as number;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async recordProgress(jobId: string, chunks: number, progress: JobProgress): Promise<boolean> {
    return this.#conditionally({
      TableName: this.#table,
      Key: keys.job(jobId),
      UpdateExpression:
        'SET #state = :state, done = :done, #total = :total, #cursor = :cursor, feeds = :feeds, ' +
        'languages = :languages, #chunks = :next, attempts = :zero, updatedAt = :updatedAt, expiresAt = :expiresAt',
      ConditionExpression: AT_CHUNK,
      ExpressionAttributeNames: {
        '#state': 'state',
        '#chunks': 'chunks',
        '#total': 'total',
        '#cursor': 'cursor',
      },
      ExpressionAttributeValues: {
        ':running': 'running',
        ':chunks': chunks,
        ':next': chunks + 1,
        ':zero': 0,
        ':state': progress.state,
        ':done': progress.done,
        ':total': progress.total,
        ':cursor': progress.cursor,
        ':feeds': progress.feeds,
        ':languages': progress.languages,
        ...this.#stamps(),
      },
    });
  }

  async recordFailure(jobId: string, chunks: number, error: string): Promise<boolean> {
    return this.#conditionally({
      TableName: this.#table,
      Key: keys.job(jobId),
      UpdateExpression:
        'SET #state = :failed, #error = :error, updatedAt = :updatedAt, expiresAt = :expiresAt',
      ConditionExpression: AT_CHUNK,
      ExpressionAttributeNames: { '#state': 'state', '#chunks': 'chunks', '#error': 'error' },
      ExpressionAttributeValues: {
        ':running': 'running',
        ':chunks': chunks,
        ':failed': 'failed',
        ':error': error,
        ...this.#stamps(),
      },
    });
  }

  async #conditionally(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await this.#documents.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
