import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { freePort } from '../free-port';
import { LOCAL_AWS } from '../local-credentials';
import { type RunningEmulator, superviseEmulator } from './emulator-process';

/** A running Secrets Manager emulator. */
export type SecretsManagerEmulator = RunningEmulator;

/** Raised when moto's server, which emulates Secrets Manager in tests, cannot be imported. */
export class MotoMissingError extends Error {
  constructor(detail: string) {
    super(
      `The Secrets Manager emulator needs moto's server ("python3 -m moto.server"), which is preinstalled on this machine kind but was not importable by python3 on PATH: ${detail.trim()}. Install it with: python3 -m pip install 'moto[server]'`,
    );
    this.name = 'MotoMissingError';
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
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  try {
    return await superviseEmulator({
      name: 'moto server',
      child,
      endpoint,
      probe: () => client.send(new ListSecretsCommand({ MaxResults: 1 })),
    });
  } finally {
    client.destroy();
  }
}
