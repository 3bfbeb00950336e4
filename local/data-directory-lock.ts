import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file naming the run that holds a data directory, and the emulator processes it started. */
export const LOCK_FILE = 'npm-start.lock';

/** What the lock file records. */
interface LockRecord {
  pid: number;
  /**
   * Processes the run started (DynamoDB Local's Java), which outlive it if it is killed alone, each
   * with its command line as it was then: a pid given since to another process has another one.
   */
  children: { pid: number; command: string }[];
}

/** Raised when another `npm start` runs on the same data directory. */
export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `the data directory ${dataDir} is in use by another npm start (process ${pid}). ` +
        'Stop that run, or give this one a directory and a port of its own: DATA_DIR=.data-2 PORT=3001 npm start',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/** A data directory held by this run. */
export interface DataDirectoryLock {
  /**
   * Records a process this run started, so that a later run can stop it should this one be killed
   * without stopping it (`kill -9` of the node process alone leaves Java running on the same files).
   */
  recordChild(pid: number): Promise<void>;
  /** Gives the directory up: removes the lock file, if it is still this run's. */
  release(): Promise<void>;
}

/** How the lock sees processes; the process table (`ps`), replaceable in tests. */
export interface ProcessTable {
  /** The whole command line of `pid`; `''` when it runs but cannot be read; `undefined` when it does not run. */
  commandOf(pid: number): string | undefined;
  kill(pid: number): void;
}

const systemProcesses: ProcessTable = {
  commandOf(pid) {
    // `-ww`: the whole line, however wide, where a pipe may otherwise get it cut at 80 columns.
    const ps = spawnSync('ps', ['-ww', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    if (ps.error) {
      // No `ps` to ask: whether it runs is all that can be known.
      try {
        process.kill(pid, 0);
        return '';
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM' ? '' : undefined;
      }
    }
    return ps.status === 0 ? ps.stdout.trim() : undefined;
  },
  kill(pid) {
    process.kill(pid, 'SIGKILL');
  },
};

/** How an `npm start` process reads in the process table (package.json's `start`). */
const LOCAL_RUN = 'local/start.ts';
/** How long a stopped leftover process may take to go, before the start goes on regardless. */
const EXIT_WAIT_MS = 5_000;

/**
 * Takes `dataDir` for this run, so that two runs never share DynamoDB Local's files, the S3 server's
 * objects, the journal or the editor token (decision 0057). A lock left by a run that no longer runs
 * is taken over, after stopping each process it recorded that still runs as it was recorded.
 * Returns the lock and a line for each leftover process stopped.
 */
export async function lockDataDirectory(
  dataDir: string,
  processes: ProcessTable = systemProcesses,
): Promise<{ lock: DataDirectoryLock; stopped: string[] }> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const record: LockRecord = { pid: process.pid, children: [] };
  const stopped: string[] = [];
  for (let attempt = 0; ; attempt++) {
    if (await createWith(path, JSON.stringify(record))) break;
    if (attempt >= 3) throw new Error(`could not take ${path}: it keeps changing`);
    const found = await readFile(path, 'utf8').catch(() => undefined);
    if (found === undefined) continue;
    const held = parseRecord(found);
    if (held && held.pid !== process.pid) {
      const command = processes.commandOf(held.pid);
      if (command !== undefined && (command === '' || command.includes(LOCAL_RUN)))
        throw new DataDirectoryInUseError(dataDir, held.pid);
    }
    // Stale. Moved aside, not deleted, and checked to be the file just read: of two starts that found
    // it stale, the second would otherwise delete the lock the first has just taken.
    const aside = `${path}.${randomUUID()}`;
    try {
      await rename(path, aside);
    } catch {
      continue;
    }
    const moved = await readFile(aside, 'utf8');
    if (moved !== found) {
      await link(aside, path).catch(() => undefined);
      await unlink(aside);
      continue;
    }
    await unlink(aside);
    for (const child of held?.children ?? []) {
      const now = processes.commandOf(child.pid);
      if (!child.command || now !== child.command) continue;
      processes.kill(child.pid);
      await gone(processes, child.pid);
      stopped.push(`stopped process ${child.pid}, left running on ${dataDir} by a run that was killed`);
    }
  }

  return {
    stopped,
    lock: {
      async recordChild(pid) {
        record.children.push({ pid, command: processes.commandOf(pid) ?? '' });
        const next = `${path}.${randomUUID()}`;
        await writeFile(next, JSON.stringify(record), { mode: 0o600 });
        await rename(next, path);
      },
      async release() {
        const held = parseRecord(await readFile(path, 'utf8').catch(() => ''));
        if (held?.pid === process.pid) await unlink(path).catch(() => undefined);
      },
    },
  };
}

/** Creates `path` holding `text`, whole from its first moment (written aside, then linked); false if it exists. */
async function createWith(path: string, text: string): Promise<boolean> {
  const aside = `${path}.${randomUUID()}`;
  await writeFile(aside, text, { mode: 0o600 });
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

async function gone(processes: ProcessTable, pid: number): Promise<void> {
  const deadline = Date.now() + EXIT_WAIT_MS;
  while (processes.commandOf(pid) !== undefined && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockRecord>;
    if (typeof parsed.pid !== 'number') return undefined;
    const children = Array.isArray(parsed.children)
      ? parsed.children.filter(
          (child): child is LockRecord['children'][number] =>
            Number.isInteger(child?.pid) && typeof child?.command === 'string',
        )
      : [];
    return { pid: parsed.pid, children };
  } catch {
    // Unreadable, or written by hand: held by nobody.
    return undefined;
  }
}
