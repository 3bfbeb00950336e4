import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DataDirectoryInUseError,
  LOCK_FILE,
  lockDataDirectory,
  type ProcessTable,
} from '../../local/data-directory-lock';

/** A process table of the given command lines, recording what is killed. */
function table(running: Record<number, string>): ProcessTable & { killed: number[] } {
  const killed: number[] = [];
  return {
    killed,
    commandOf: (pid) => running[pid],
    kill: (pid) => {
      killed.push(pid);
    },
  };
}

describe('the data directory lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lock-test-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const leave = (record: unknown) => writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(record));

  it('is taken on a free directory, records the children it is told of, and is gone once released', async () => {
    const { lock, stopped } = await lockDataDirectory(dataDir, table({}));
    expect(stopped).toEqual([]);
    await lock.recordChild(4242);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      children: [4242],
    });
    await lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('is refused while the run that holds it still runs', async () => {
    leave({ pid: 1001, children: [1002] });
    const processes = table({
      1001: 'node --import tsx local/start.ts',
      1002: `java -dbPath ${dataDir}/dynamodb`,
    });
    await expect(lockDataDirectory(dataDir, processes)).rejects.toThrow(DataDirectoryInUseError);
    await expect(lockDataDirectory(dataDir, processes)).rejects.toThrow(
      /in use by another npm start \(process 1001\)/,
    );
    expect(processes.killed).toEqual([]);
  });

  it('is taken over from a run that was killed, stopping the emulator it left on this directory only', async () => {
    // 1001 ran npm start and is gone; 1002 is its Java, still on this directory; 1003's pid went to another program.
    leave({ pid: 1001, children: [1002, 1003] });
    const processes = table({
      1002: `java -jar DynamoDBLocal.jar -dbPath ${dataDir}/dynamodb`,
      1003: 'vim notes.txt',
    });
    const { lock, stopped } = await lockDataDirectory(dataDir, processes);
    expect(processes.killed).toEqual([1002]);
    expect(stopped).toEqual([`stopped process 1002, left running on ${dataDir} by a run that was killed`]);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('is taken over when its pid now belongs to another program, or its file was cut short', async () => {
    leave({ pid: 1001, children: [] });
    const reused = await lockDataDirectory(dataDir, table({ 1001: 'sshd: someone' }));
    await reused.lock.release();
    writeFileSync(join(dataDir, LOCK_FILE), '{"pid":10');
    const cut = await lockDataDirectory(dataDir, table({}));
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await cut.lock.release();
  });
});
