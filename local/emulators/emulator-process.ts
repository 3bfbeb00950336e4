import type { ChildProcess } from 'node:child_process';

/** A running emulator: where it answers, and how to stop it. */
export interface RunningEmulator {
  endpoint: string;
  /** Its process id: the benchmarks read the emulator's CPU time by it. */
  pid?: number;
  stop(): Promise<void>;
}

/** What {@link superviseEmulator} needs to know of an emulator it has just spawned. */
export interface EmulatorProcess {
  /** Its name in error messages, e.g. `DynamoDB Local`. */
  name: string;
  child: ChildProcess;
  endpoint: string;
  /** One request that succeeds once the emulator serves (a cheap list call). */
  probe(): Promise<unknown>;
}

const STARTUP_LIMIT_MS = 60_000;
const PROBE_INTERVAL_MS = 150;
const STOP_GRACE_MS = 5000;

/**
 * Waits until a spawned emulator answers, then hands back how to stop it. The emulators run as child
 * processes (Java, Python): one left behind would hold its port and memory after the run, so each is
 * killed when Node exits, however abruptly, and on a failed start. Its last output is kept for the
 * error that says why it did not start.
 */
export async function superviseEmulator(emulator: EmulatorProcess): Promise<RunningEmulator> {
  const { child } = emulator;
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  try {
    await waitUntilServing(emulator, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }

  return {
    endpoint: emulator.endpoint,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function waitUntilServing(emulator: EmulatorProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline) {
    if (emulator.child.exitCode !== null)
      throw new Error(`${emulator.name} exited with code ${emulator.child.exitCode}: ${output()}`);
    try {
      await emulator.probe();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  }
  throw new Error(`${emulator.name} did not answer within ${STARTUP_LIMIT_MS / 1000} s: ${output()}`);
}
