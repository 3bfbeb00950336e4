import { spawnSync } from 'node:child_process';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file naming the run that holds a data directory, and the emulator processes it started. */
export const LOCK_FILE = 'npm-start.lock';

/** What the lock file records. */
interface LockRecord {
  pid: number;
  /** Processes the run started (DynamoDB Local's Java), which outlive it if it is killed alone. */
  children: number[];
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
  /** Gives the directory up: removes the lock file. */
  release(): Promise<void>;
}

/** How the lock sees processes; the process table (`ps`), replaceable in tests. */
export interface ProcessTable {
  /** The command line of `pid`, or `undefined` when no such process runs. */
  commandOf(pid: number): string | undefined;
  kill(pid: number): void;
}

const systemProcesses: ProcessTable = {
  commandOf(pid) {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
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

/**
 * Takes `dataDir` for this run, so that two runs never share DynamoDB Local's files, the S3 server's
 * objects, the journal or the editor token (decision 0057). A lock left by a run that no longer runs
 * is taken over, after stopping the emulator processes it recorded that still run on this directory.
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
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(JSON.stringify(record));
      await file.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const held = await readRecord(path);
    if (held && held.pid !== process.pid) {
      const command = processes.commandOf(held.pid);
      if (command !== undefined && (command === '' || command.includes(LOCAL_RUN)))
        throw new DataDirectoryInUseError(dataDir, held.pid);
    }
    for (const child of held?.children ?? []) {
      // Only a process that names this directory: the pid may have been given to another since.
      if (processes.commandOf(child)?.includes(dataDir)) {
        processes.kill(child);
        stopped.push(`stopped process ${child}, left running on ${dataDir} by a run that was killed`);
      }
    }
    // Gone, then taken with `wx` again: of two runs that both found it stale, one wins.
    await unlink(path).catch(() => undefined);
  }

  return {
    stopped,
    lock: {
      async recordChild(pid) {
        record.children.push(pid);
        await writeFile(`${path}.tmp`, JSON.stringify(record), { mode: 0o600 });
        await rename(`${path}.tmp`, path);
      },
      async release() {
        await unlink(path).catch(() => undefined);
      },
    },
  };
}

async function readRecord(path: string): Promise<LockRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockRecord>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      children: Array.isArray(parsed.children) ? parsed.children.filter((pid) => Number.isInteger(pid)) : [],
    };
  } catch {
    // Unreadable or cut short by a kill: held by nobody.
    return undefined;
  }
}
