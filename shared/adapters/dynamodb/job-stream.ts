import type { DynamoDBRecord } from 'aws-lambda';
import { JOB_ENTITY } from './table-design';

/**
 * The jobs a stream batch asks to continue, once each, in order of first mention: a running job just
 * created, or one whose item recorded a finished chunk. Every other write of a job item (a try
 * counted, the job ended) continues nothing, so each job has one chunk in flight, not one per write.
 */
export function jobIdsOf(records: DynamoDBRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    const next = record.dynamodb?.NewImage;
    if (next?.entity?.S !== JOB_ENTITY || next.state?.S !== 'running') continue;
    const previous = record.dynamodb?.OldImage;
    if (previous && previous.chunks?.N === next.chunks?.N) continue;
    const jobId = next.jobId?.S;
    if (jobId) ids.add(jobId);
  }
  return [...ids];
}
