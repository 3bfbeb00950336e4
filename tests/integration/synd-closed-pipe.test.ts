import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SYND = resolve(import.meta.dirname, '../../bin/synd.mjs');

describe('synd writing into a pipe its reader has closed', () => {
  it('stops quietly with status 0, as `synd … | head` expects', async () => {
    const child = spawn(process.execPath, [SYND, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI has loaded, so its first write meets a pipe with no reader.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    expect(stderr).not.toContain('EPIPE');
    expect(status).toBe(0);
  });
});
