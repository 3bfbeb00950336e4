import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { ALMADAR_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const CHECKOUT = resolve(import.meta.dirname, '../..');
const FIXTURE = 'tests/fixtures/webhook-article-html.json';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `synd` as a person would (`npx synd` runs this file), with only the given `PORT`. */
function synd(args: string[], port: string | undefined): Promise<Run> {
  const env = { ...process.env };
  delete env.PORT;
  if (port !== undefined) env.PORT = port;
  return new Promise((done) => {
    execFile('node', ['bin/synd.mjs', ...args], { cwd: CHECKOUT, env }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const signArgs = (...extra: string[]) => [
  'sign',
  '--partner',
  'almadar',
  '--secret',
  ALMADAR_SECRET,
  FIXTURE,
  ...extra,
];

describe('synd sign', () => {
  let stack: TestPipeline;
  let port: string;
  let unused: string;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    port = new URL(stack.url).port;
    unused = String(await freePort());
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends to the local run on PORT when no --url is given', async () => {
    const run = await synd(signArgs(), port);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^202 /);
    const receipt = JSON.parse(run.stdout.split('\n').slice(1).join('\n')) as { url: string };
    await stack.waitUntilPublished();
    const page = await stack.request('GET', new URL(receipt.url).pathname);
    expect(page.status).toBe(200);
  });

  it('sends to --url when given, whatever PORT says', async () => {
    const run = await synd(signArgs('--url', stack.url, '--id', 'msg_synd_url_test'), unused);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^20[02] /);
  });

  it('names PORT in its dry run, and 3000 only when PORT is unset', async () => {
    const onPort = await synd(signArgs('--dry-run'), port);
    expect(onPort.stdout).toContain(`'http://localhost:${port}/v1/partners/almadar/articles'`);
    const unset = await synd(signArgs('--dry-run'), undefined);
    expect(unset.stdout).toContain(`'http://localhost:3000/v1/partners/almadar/articles'`);
  });

  it('says where it tried when nothing answers there, with exit code 3', async () => {
    const run = await synd(signArgs(), unused);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot reach http://localhost:${unused}/v1/partners/almadar/articles`);
    expect(run.stderr).toContain('PORT');
  });

  it('refuses a PORT that is not a port as a usage error (exit code 2)', async () => {
    const run = await synd(signArgs(), 'eighty');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synd: invalid environment: PORT/);
  });

  it('refuses a --secret that is no Standard Webhooks secret before sending anything (exit code 2)', async () => {
    const before = await stack.contentItems();
    for (const [secret, message] of [
      ['notasecret', 'synd: --secret must be "whsec_" followed by base64'],
      ['whsec_YWJj', 'synd: --secret must hold at least 24 bytes of key material'],
    ] as const) {
      const run = await synd(
        ['sign', '--partner', 'almadar', '--secret', secret, FIXTURE, '--url', stack.url],
        port,
      );
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(message);
      expect(run.stdout).toBe('');
    }
    expect(await stack.contentItems()).toHaveLength(before.length);
  });
});
