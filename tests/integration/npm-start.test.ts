import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { parseWithFeedparser } from '../support/feedparser';

const TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';
const CHECKOUT = resolve(import.meta.dirname, '../..');
const RUNNING_LINE = /Syndication pipeline running at /;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start` as a person would, in its own process group so SIGINT reaches it as Ctrl-C does. */
function npmStart(env: Record<string, string>): Started {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: CHECKOUT,
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
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The process table: every process's id, group and command line. */
function processes(): { pid: number; group: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), group: Number(match[2]), args: match[3] ?? '' }));
}

/** DynamoDB Local of one run, found by its command line (its data directory is the run's). */
function javaProcessesUsing(directory: string): string[] {
  return processes()
    .map((entry) => entry.args)
    .filter(
      (args) => args.startsWith('java ') && args.includes('DynamoDBLocal.jar') && args.includes(directory),
    );
}

/** The links of an HTML page whose text is `text`, read with an HTML parser. */
function linksTitled(html: string, text: string): string[] {
  return findAll((element) => element.name === 'a', parseDocument(html).children)
    .filter((anchor) => textContent(anchor).trim() === text)
    .map((anchor) => getAttributeValue(anchor, 'href') ?? '');
}

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://localhost:${port}${path}`);
  return { status: response.status, text: await response.text() };
}

/** What `/healthz` said while the run started, and whether the demo was on `/` each time it said live. */
interface HealthSighting {
  status: number;
  body: { status: string; pendingPublishes?: number };
  demoOnHome?: boolean;
}

/** Asks `/healthz` over and over until stopped; each "ok, nothing pending" is checked against `/`. */
function watchHealth(port: number): { stop: () => Promise<HealthSighting[]> } {
  const sightings: HealthSighting[] = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      try {
        const response = await fetch(`http://localhost:${port}/healthz`);
        const body = (await response.json()) as HealthSighting['body'];
        const sighting: HealthSighting = { status: response.status, body };
        if (sighting.body.status === 'ok' && sighting.body.pendingPublishes === 0) {
          const home = await get(port, '/');
          sighting.demoOnHome = home.status === 200 && linksTitled(home.text, TITLE).length === 1;
        }
        sightings.push(sighting);
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await loop;
      return sightings;
    },
  };
}

describe('npm start on an empty store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'syndication-start-'));
  let port: number;
  let run: Started;
  let home: { status: number; text: string };
  let rss: { status: number; text: string };
  let sightings: HealthSighting[];

  beforeAll(async () => {
    port = await freePort();
    run = npmStart({ PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: '1' });
    const health = watchHealth(port);
    await poll('the running line', async () => (RUNNING_LINE.test(run.output()) ? true : undefined));
    // Read the moment the start line is out: nothing may be missing by then.
    [home, rss] = await Promise.all([get(port, '/'), get(port, '/feeds/rss.xml')]);
    sightings = await health.stop();
  }, 120_000);

  afterAll(() => {
    try {
      process.kill(-(run.child.pid as number), 'SIGKILL');
    } catch {
      // Already stopped, as it should be.
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the demo on / as soon as it says it runs', async () => {
    expect(home.status).toBe(200);
    const [href] = linksTitled(home.text, TITLE);
    expect(href).toBeDefined();
    const page = await get(port, new URL(href as string).pathname);
    expect(page.status).toBe(200);
    const headings = findAll((element) => element.name === 'h1', parseDocument(page.text).children);
    expect(headings.map((heading) => textContent(heading).trim())).toEqual([TITLE]);
  });

  it('serves the demo in the RSS feed as soon as it says it runs', () => {
    expect(rss.status).toBe(200);
    const feed = parseWithFeedparser(rss.text);
    expect(feed.bozo).toBe(false);
    expect(feed.titles).toEqual([TITLE]);
  });

  it('reports the delivery and where the demo is live', () => {
    expect(run.output()).toMatch(/demo: +the sample article, delivered as almadar \(202\), is live at http/);
  });

  it('said "starting" with 503, never "ok" with nothing pending, before the demo was live', () => {
    for (const sighting of sightings) {
      if (sighting.body.status === 'starting') expect(sighting.status).toBe(503);
      else expect(sighting).toMatchObject({ status: 200, body: { status: 'ok' } });
      if (sighting.body.pendingPublishes === 0) expect(sighting.demoOnHome).toBe(true);
    }
  });

  it('reports healthy with nothing pending', async () => {
    const health = await fetch(`http://localhost:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', pendingPublishes: 0, scheduledReleases: 0 });
  });

  it('leaves the token it prints in DATA_DIR/editor-token, readable by its owner only, for synd', () => {
    const printed = /editor token \(generated\): (\S+)/.exec(run.output())?.[1];
    const file = join(dataDir, 'editor-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(printed);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lets synd list its articles with no token or address given', async () => {
    const listed = await new Promise<{ code: number; stdout: string }>((done) => {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
      delete env.SYND_API_URL;
      delete env.SYND_TOKEN;
      execFile(
        'node',
        ['bin/synd.mjs', 'articles', 'list', '--json'],
        { cwd: CHECKOUT, env },
        (error, stdout) => done({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
    expect(listed.code).toBe(0);
    expect(
      (JSON.parse(listed.stdout) as { items: { title: string }[] }).items.map((item) => item.title),
    ).toEqual([TITLE]);
  });

  it('serves / as text/html', async () => {
    const response = await fetch(`http://localhost:${port}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('prints a generated editor token', () => {
    expect(run.output()).toMatch(/editor token \(generated\): \S{20,}/);
  });

  it('serves the editor API with the token it prints, and refuses requests without it', async () => {
    const token = /editor token \(generated\): (\S+)/.exec(run.output())?.[1];
    // A limit out of range is judged after authentication and before any use case runs.
    const url = `http://localhost:${port}/v1/articles?limit=0`;
    expect((await fetch(url)).status).toBe(401);
    const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ errors: [{ pointer: '/limit' }] });
  });

  it('runs DynamoDB Local with telemetry off, writing no metadata file into the checkout', () => {
    const [java] = javaProcessesUsing(dataDir);
    expect(java?.split(' ')).toContain('-disableTelemetry');
    expect(existsSync(join(CHECKOUT, 'dynamodb-local-metadata.json'))).toBe(false);
  });

  it('refuses a second run on its data directory before starting anything, naming the run that holds it', async () => {
    const token = readFileSync(join(dataDir, 'editor-token'), 'utf8');
    const second = npmStart({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      /npm start: the data directory .+ is in use by another npm start \(process \d+\)/,
    );
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    // The running one still answers with its token: the second wrote nothing.
    expect(readFileSync(join(dataDir, 'editor-token'), 'utf8')).toBe(token);
    expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
  });

  it('stops on SIGTERM to the npm process alone, as a process manager sends it, Java included', async () => {
    const group = run.child.pid as number;
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    process.kill(group, 'SIGTERM');
    expect(await run.exited).toBe(0);
    await poll(
      'every process of the run to exit',
      async () => (processes().some((entry) => entry.group === group) ? undefined : true),
      15_000,
    );
    expect(javaProcessesUsing(dataDir)).toEqual([]);
    expect(run.output()).toContain('SIGTERM: stopping');
  });

  describe('started again on the same data', () => {
    let again: Started;

    beforeAll(async () => {
      await run.exited;
      again = npmStart({ PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: '1' });
      await poll('the running line', async () => (RUNNING_LINE.test(again.output()) ? true : undefined));
    }, 120_000);

    afterAll(() => {
      try {
        process.kill(-(again.child.pid as number), 'SIGKILL');
      } catch {
        // Already stopped, as it should be.
      }
    });

    it('serves what it published before and delivers no second demo', async () => {
      const rssAgain = await get(port, '/feeds/rss.xml');
      expect(parseWithFeedparser(rssAgain.text).titles).toEqual([TITLE]);
      expect(again.output()).not.toMatch(/demo:/);
      expect(await (await fetch(`http://localhost:${port}/healthz`)).json()).toEqual({
        status: 'ok',
        pendingPublishes: 0,
        scheduledReleases: 0,
      });
    });

    it('stops on Ctrl-C and leaves no java process behind', async () => {
      expect(javaProcessesUsing(dataDir)).toHaveLength(1);
      process.kill(-(again.child.pid as number), 'SIGINT');
      await again.exited;
      await poll(
        'DynamoDB Local to exit',
        async () => (javaProcessesUsing(dataDir).length === 0 ? true : undefined),
        15_000,
      );
      expect(javaProcessesUsing(dataDir)).toEqual([]);
    });
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
    expect(run.output()).toMatch(/invalid environment: PORT: must be a whole number from 1 to 65535/);
  });

  it('refuses a LOG_LEVEL Powertools does not have', async () => {
    const run = npmStart({ PORT: String(await freePort()), LOG_LEVEL: 'loud' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/invalid environment: LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN/);
  });

  it('refuses a port in use in one line, before starting anything', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'syndication-busy-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const run = npmStart({ PORT: String(port), DATA_DIR: directory });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`npm start: port ${port} is in use`);
      expect(run.output()).toContain(`PORT=${port + 1} npm start`);
      expect(run.output()).not.toMatch(/EADDRINUSE|at Server/);
      expect(javaProcessesUsing(directory)).toEqual([]);
      expect(existsSync(join(directory, 'dynamodb'))).toBe(false);
    } finally {
      blocker.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('npm start after a run whose node process alone was killed', () => {
  it('stops the DynamoDB Local that run left on its data, then runs', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'syndication-orphan-'));
    const port = await freePort();
    const first = npmStart({ PORT: String(port), DATA_DIR: directory, SEED_DEMO: '0' });
    let second: Started | undefined;
    try {
      await poll('the running line', async () => (RUNNING_LINE.test(first.output()) ? true : undefined));
      const group = first.child.pid as number;
      const node = processes().find(
        (entry) => entry.group === group && entry.args.includes('local/start.ts'),
      );
      const [orphan] = processes().filter(
        (entry) => entry.args.startsWith('java ') && entry.args.includes(directory),
      );
      expect(node).toBeDefined();
      expect(orphan).toBeDefined();
      // kill -9 of node alone, as a person might: Java, its child, keeps running on the same files.
      process.kill(node?.pid as number, 'SIGKILL');
      await first.exited;
      expect(processes().some((entry) => entry.pid === orphan?.pid)).toBe(true);

      second = npmStart({ PORT: String(port), DATA_DIR: directory, SEED_DEMO: '0' });
      await poll('the running line', async () =>
        RUNNING_LINE.test(second?.output() ?? '') ? true : undefined,
      );
      expect(second.output()).toContain(
        `npm start: stopped process ${orphan?.pid}, left running on ${directory} by a run that was killed`,
      );
      await poll(
        'the leftover Java to be gone',
        async () => (processes().some((entry) => entry.pid === orphan?.pid) ? undefined : true),
        15_000,
      );
      expect(javaProcessesUsing(directory)).toHaveLength(1);
      expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
    } finally {
      for (const run of [first, second])
        try {
          if (run) process.kill(-(run.child.pid as number), 'SIGKILL');
        } catch {
          // Already stopped.
        }
      for (const entry of processes().filter((p) => p.args.startsWith('java ') && p.args.includes(directory)))
        process.kill(entry.pid, 'SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    }
  }, 240_000);
});
