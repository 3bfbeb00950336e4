import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { freePort } from '../local/free-port';
import { type LocalPipeline, startLocalPipeline } from '../local/local-pipeline';
import { benchPartners } from './bench-partner';
import type { BenchEndpoints } from './bench-stack';

/** A local pipeline a benchmark drives over HTTP, and the table and bucket it owns (one name). */
export interface BenchPipeline {
  pipeline: LocalPipeline;
  /** The name of its table and of its bucket. */
  name: string;
}

/**
 * The pipeline as `npm start` runs it (the HTTP server, the ingest, the stream poller and the
 * publisher, the release timers) on the benchmark's emulators, on a free port, with a table and a
 * bucket of its own named `bench-<purpose>-<random>`, the bench partner, and quiet logs.
 */
export async function startBenchPipeline(endpoints: BenchEndpoints, purpose: string): Promise<BenchPipeline> {
  const name = `bench-${purpose}-${randomUUID().slice(0, 6)}`;
  const port = await freePort();
  const pipeline = await startLocalPipeline({
    port,
    config: {
      tableName: name,
      bucketName: name,
      publicBaseUrl: `http://localhost:${port}`,
      site: { title: 'Bench', description: 'Bench', language: 'en' },
    },
    dynamodbEndpoint: endpoints.dynamodb,
    s3Endpoint: endpoints.s3,
    partners: benchPartners(),
    logger: new Logger({ serviceName: 'bench', logLevel: 'CRITICAL' }),
  });
  return { pipeline, name };
}
