import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { startS3Server } from '../../local/emulators/s3-server';
import { startSecretsManager } from '../../local/emulators/secrets-manager';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    secretsManagerEndpoint: string;
  }
}

/**
 * Starts the real local stack once per run: DynamoDB Local (in memory, a database per region), the S3
 * server and moto's server as Secrets Manager.
 */
export default async function setup(project: TestProject) {
  const directory = await mkdtemp(join(tmpdir(), 'syndication-s3-'));
  const [dynamodb, s3, secretsManager] = await Promise.all([
    // A database per region, each test file in a region of its own (decision 0047).
    startDynamoDbLocal({ sharedDb: false }),
    startS3Server({ directory }),
    startSecretsManager(),
  ]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('secretsManagerEndpoint', secretsManager.endpoint);
  return async () => {
    await Promise.all([dynamodb.stop(), s3.stop(), secretsManager.stop()]);
    await rm(directory, { recursive: true, force: true });
  };
}
