import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { startS3Server } from '../../local/emulators/s3-server';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

/** Starts the real local stack once per run: DynamoDB Local (in memory) and the S3 server. */
export default async function setup(project: TestProject) {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-s3-'));
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3Server({ directory })]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    await rm(directory, { recursive: true, force: true });
  };
}
