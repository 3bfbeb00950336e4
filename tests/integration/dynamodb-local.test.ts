import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { ensureTableWithoutStream } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { dropTable } from '../support/drop-table';

const CHECKOUT = resolve(import.meta.dirname, '../..');
const METADATA_FILE = 'dynamodb-local-metadata.json';

/** The Java process serving `endpoint`, found by the port on its command line. */
function javaServing(endpoint: string): { pid: number; args: string } {
  const port = new URL(endpoint).port;
  const rows = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), args: match[2] ?? '' }))
    .filter((row) => row.args.includes('DynamoDBLocal.jar') && row.args.includes(`-port ${port}`));
  expect(rows).toHaveLength(1);
  return rows[0] as { pid: number; args: string };
}

describe('DynamoDB Local as npm start runs it', () => {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'syndication-ddb-'));
  let dynamodb: DynamoDbLocal;

  beforeAll(async () => {
    dynamodb = await startDynamoDbLocal({ dataDirectory });
    // A request, so the jar has done its start-up work, telemetry included when it is on.
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodb.endpoint });
    await client.send(new ListTablesCommand({}));
    client.destroy();
  });

  afterAll(async () => {
    await dynamodb?.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('runs with telemetry disabled', () => {
    expect(javaServing(dynamodb.endpoint).args.split(' ')).toContain('-disableTelemetry');
  });

  it('runs outside the checkout and writes no metadata file into it or the data directory', () => {
    const { pid } = javaServing(dynamodb.endpoint);
    const workingDirectory = readlinkSync(`/proc/${pid}/cwd`);
    expect(workingDirectory).toBe(dataDirectory);
    expect(existsSync(join(CHECKOUT, METADATA_FILE))).toBe(false);
    expect(existsSync(join(dataDirectory, METADATA_FILE))).toBe(false);
  });

  it('shows every client the same tables, whatever its region', async () => {
    const made = new DynamoDBClient({ ...LOCAL_AWS, region: 'eu-west-1', endpoint: dynamodb.endpoint });
    const other = new DynamoDBClient({ ...LOCAL_AWS, region: 'ap-south-1', endpoint: dynamodb.endpoint });
    await ensureTableWithoutStream(made, 'shared-everywhere');
    expect((await other.send(new ListTablesCommand({}))).TableNames).toContain('shared-everywhere');
    made.destroy();
    other.destroy();
  });

  it('is gone once stopped', async () => {
    const { pid } = javaServing(dynamodb.endpoint);
    await dynamodb.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('DynamoDB Local as the test run starts it (decision 0047)', () => {
  const client = (region: string) =>
    new DynamoDBClient({ ...LOCAL_AWS, region, endpoint: inject('dynamodbEndpoint') });

  it('addresses this file in the region its setup drew', () => {
    expect(process.env.LOCAL_EMULATOR_REGION).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(LOCAL_AWS.region).toBe(process.env.LOCAL_EMULATOR_REGION);
  });

  it('keeps a region’s tables in a database of its own', async () => {
    const here = client(LOCAL_AWS.region);
    const elsewhere = client(LOCAL_AWS.region === 'sa-east-1' ? 'eu-north-1' : 'sa-east-1');
    const name = `region-apart-${process.pid}`;
    await ensureTableWithoutStream(here, name);
    expect((await here.send(new ListTablesCommand({}))).TableNames).toContain(name);
    expect((await elsewhere.send(new ListTablesCommand({}))).TableNames ?? []).not.toContain(name);
    await dropTable(name);
    here.destroy();
    elsewhere.destroy();
  });
});
