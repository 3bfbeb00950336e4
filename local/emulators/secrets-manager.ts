import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { freePort } from '../free-port';
import { LOCAL_AWS } from '../local-credentials';

/** A running Secrets Manager emulator. */
export interface SecretsManagerEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Raised when moto's server, which emulates Secrets Manager in tests, cannot be imported. */
export class MotoMissingError extends Error {
  constructor(detail: string) {
    super(
      `The Secrets Manager emulator needs moto's server ("python3 -m moto.server"), which is preinstalled on this machine kind but was not importable by python3 on PATH: ${detail.trim()}. Install it with: python3 -m pip install 'moto[server]'`,
    );
    this.name = 'MotoMissingError';
  }
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`moto server exited with code ${child.exitCode}: ${output()}`);
      try {
        await client.send(new ListSecretsCommand({ MaxResults: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error(`moto server did not answer within 60 s: ${output()}`);
  } finally {
    client.destroy();
  }
}

/**
 * Starts moto's server on a free loopback port as the Secrets Manager the tests talk to. It keeps
 * everything in memory; one server serves every test file, which keep apart by secret name.
 */
export async function startSecretsManager(): Promise<SecretsManagerEmulator> {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.error) throw new MotoMissingError(probe.error.message);
  if (probe.status !== 0) throw new MotoMissingError(probe.stderr.split('\n').filter(Boolean).at(-1) ?? '');

  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }

  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
