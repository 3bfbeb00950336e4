import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';

const TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start` as a person would, in its own process group so SIGINT reaches it as Ctrl-C does. */
function npmStart(env: Record<string, string>): Started {
  let output = '';
  const child = spawn('npm', ['start'], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function poll<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function javaProcessesUsing(directory: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(directory));
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'syndication-start-'));
  let port: number;
  let run: Started;

  beforeAll(async () => {
    port = await freePort();
    run = npmStart({ PORT: String(port), DATA_DIR: dataDir });
    await poll('a published seed', async () => {
      const health = (await (await fetch(`http://localhost:${port}/healthz`)).json()) as {
        status: string;
        pendingPublishes: number;
      };
      if (health.status !== 'ok' || health.pendingPublishes !== 0) return undefined;
      // The feed exists, empty, from the start (the bootstrap): wait until it holds the demo article.
      const rss = await fetch(`http://localhost:${port}/feeds/rss.xml`);
      return rss.ok && (await rss.text()).includes(TITLE) ? rss : undefined;
    });
  }, 120_000);

  afterAll(() => {
    try {
      process.kill(-(run.child.pid as number), 'SIGKILL');
    } catch {
      // Already stopped, as it should be.
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports healthy with nothing pending', async () => {
    const health = await fetch(`http://localhost:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', pendingPublishes: 0 });
  });

  it('has delivered the sample article through the webhook into the RSS feed', async () => {
    const rss = await fetch(`http://localhost:${port}/feeds/rss.xml`);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(await rss.text()).toContain(TITLE);
    expect(run.output()).toMatch(/delivered the sample article as almadar: 202/);
  });

  it('serves / as text/html', async () => {
    const home = await fetch(`http://localhost:${port}/`, { method: 'HEAD' });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('prints a generated editor token', () => {
    expect(run.output()).toMatch(/editor token \(generated\): \S{20,}/);
  });

  it('stops on Ctrl-C and leaves no java process behind', async () => {
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    process.kill(-(run.child.pid as number), 'SIGINT');
    await run.exited;
    await poll(
      'DynamoDB Local to exit',
      async () => (javaProcessesUsing(dataDir).length === 0 ? true : undefined),
      15_000,
    );
    expect(javaProcessesUsing(dataDir)).toEqual([]);
  });
});

describe('npm start with bad configuration', () => {
  it('stops before starting anything, naming the bad registry field', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'syndication-badconf-'));
    const registry = join(directory, 'partners.json');
    writeFileSync(registry, JSON.stringify({ partners: [{ id: 'Bad Id', name: 'x', secrets: [] }] }));
    const run = npmStart({ PORT: String(await freePort()), DATA_DIR: directory, PARTNERS_FILE: registry });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('/partners/0/id');
    expect(run.output()).toContain('/partners/0/secrets');
    expect(javaProcessesUsing(directory)).toEqual([]);
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a PORT that is not a port', async () => {
    const run = npmStart({ PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/invalid environment: PORT/);
  });
});
