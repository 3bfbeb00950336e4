import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { makeObjectWritesDurable } from './durable-object-writes';

/** A running S3-compatible server. */
export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port, storing objects under `directory`. */
export async function startS3Server(options: { directory: string }): Promise<S3Server> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: options.directory });
  // A 200 must mean the object is on disk: what the publisher records as live has to survive a kill.
  makeObjectWritesDurable(server.store);
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
