import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DataDirectoryInUseError,
  LOCK_FILE,
  lockDataDirectory,
  type ProcessTable,
} from '../../local/data-directory-lock';

/** A process table of the given command lines; a killed process leaves it. */
function table(running: Record<number, string>): ProcessTable & { killed: number[] } {
  const killed: number[] = [];
  return {
    killed,
    commandOf: (pid) => running[pid],
    kill: (pid) => {
      killed.push(pid);
      delete running[pid];
    },
  };
}

const JAVA = (dir: string) => `java -Xmx512m -jar DynamoDBLocal.jar -dbPath ${dir}/dynamodb -sharedDb`;

describe('the data directory lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lock-test-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const leave = (record: unknown) => writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(record));
  const lockRecord = () => JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));

  it('is taken on a free directory, records each child with its command line, and is gone once released', async () => {
    const processes = table({ 4242: JAVA(dataDir) });
    const { lock, stopped } = await lockDataDirectory(dataDir, processes);
    expect(stopped).toEqual([]);
    await lock.recordChild(4242);
    expect(lockRecord()).toEqual({ pid: process.pid, children: [{ pid: 4242, command: JAVA(dataDir) }] });
    await lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // Nothing written aside is left behind.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('is refused while the run that holds it still runs', async () => {
    leave({ pid: 1001, children: [{ pid: 1002, command: JAVA(dataDir) }] });
    const processes = table({ 1001: 'node --import tsx local/start.ts', 1002: JAVA(dataDir) });
    await expect(lockDataDirectory(dataDir, processes)).rejects.toThrow(DataDirectoryInUseError);
    await expect(lockDataDirectory(dataDir, processes)).rejects.toThrow(
      /in use by another npm start \(process 1001\)/,
    );
    expect(processes.killed).toEqual([]);
    expect(lockRecord().pid).toBe(1001);
  });

  it('is taken over from a run that was killed, stopping only the children still running as recorded', async () => {
    // 1001 ran npm start and is gone; 1002 is its Java, still running; 1003's pid went to another program.
    leave({
      pid: 1001,
      children: [
        { pid: 1002, command: JAVA(dataDir) },
        { pid: 1003, command: JAVA(dataDir) },
      ],
    });
    const processes = table({ 1002: JAVA(dataDir), 1003: 'vim notes.txt' });
    const { lock, stopped } = await lockDataDirectory(dataDir, processes);
    expect(processes.killed).toEqual([1002]);
    expect(stopped).toEqual([`stopped process 1002, left running on ${dataDir} by a run that was killed`]);
    expect(lockRecord()).toEqual({ pid: process.pid, children: [] });
    await lock.release();
  });

  it('is taken over when its pid now belongs to another program, or its file is not a record', async () => {
    leave({ pid: 1001, children: [] });
    const reused = await lockDataDirectory(dataDir, table({ 1001: 'sshd: someone' }));
    await reused.lock.release();
    writeFileSync(join(dataDir, LOCK_FILE), '{"pid":10');
    const unreadable = await lockDataDirectory(dataDir, table({}));
    expect(lockRecord().pid).toBe(process.pid);
    await unreadable.lock.release();
  });

  it('is not released by a run that no longer holds it', async () => {
    const { lock } = await lockDataDirectory(dataDir, table({}));
    leave({ pid: 1001, children: [] });
    await lock.release();
    expect(lockRecord().pid).toBe(1001);
  });

  it('stays one whole record, with nothing left aside, when two takeovers of one stale lock run at once', async () => {
    leave({ pid: 1001, children: [] });
    // Both see 1001 gone; each then sees the other's lock as a running npm start (this process).
    const processes = table({ [process.pid]: 'node --import tsx local/start.ts' });
    const starts = await Promise.allSettled([
      lockDataDirectory(dataDir, processes),
      lockDataDirectory(dataDir, processes),
    ]);
    // Both records name this process, so neither refuses the other here (across processes the second
    // is refused): what must hold is that the lock file is whole and one record, never none.
    expect(starts.every((start) => start.status === 'fulfilled')).toBe(true);
    expect(lockRecord()).toEqual({ pid: process.pid, children: [] });
    expect(readdirSync(dataDir)).toEqual([LOCK_FILE]);
  });
});
