import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { jobIdsOf } from '../../shared/adapters/dynamodb/job-stream';

type Image = Record<string, { S?: string; N?: string }>;

const job = (jobId: string, state: string, chunks: number): Image => ({
  entity: { S: 'Job' },
  jobId: { S: jobId },
  state: { S: state },
  chunks: { N: String(chunks) },
});

const record = (NewImage?: Image, OldImage?: Image): DynamoDBRecord =>
  ({ dynamodb: { NewImage, OldImage } }) as DynamoDBRecord;

describe('jobIdsOf', () => {
  it('continues a running job when it is created or records a finished chunk, once per batch', () => {
    expect(
      jobIdsOf([
        record(job('a', 'running', 0)),
        record(job('b', 'running', 3), job('b', 'running', 2)),
        record(job('a', 'running', 1), job('a', 'running', 0)),
      ]),
    ).toEqual(['a', 'b']);
  });

  it('continues nothing for a counted try, an ended job, or another item', () => {
    expect(
      jobIdsOf([
        record(job('a', 'running', 2), job('a', 'running', 2)),
        record(job('b', 'done', 5), job('b', 'running', 4)),
        record(job('c', 'failed', 1), job('c', 'running', 1)),
        record({ entity: { S: 'Article' }, jobId: { S: 'd' }, state: { S: 'running' } }),
        record(undefined, job('e', 'running', 1)),
      ]),
    ).toEqual([]);
  });
});
