import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The environment of a machine without AWS credentials or a reachable metadata service. */
function offlineEnvironment(): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')),
  );
  return {
    ...environment,
    AWS_EC2_METADATA_DISABLED: 'true',
    // A profile that does not exist: any credential lookup would fail, not find one.
    AWS_PROFILE: 'syndication-synth-test-none',
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
    AWS_CONFIG_FILE: join(outdir, 'no-config'),
  };
}

describe('npx cdk synth', () => {
  it('synthesizes both stacks, bundling every function and passing cdk-nag, without credentials', async () => {
    const assembly = join(outdir, 'cdk.out');
    await run(
      'npx',
      ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', assembly],
      {
        env: offlineEnvironment(),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const manifest = JSON.parse(readFileSync(join(assembly, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([id]) => id);
    expect(stacks.sort()).toEqual(['Syndication-App', 'Syndication-Data']);

    const template = JSON.parse(readFileSync(join(assembly, 'Syndication-App.template.json'), 'utf8')) as {
      Resources: Record<
        string,
        {
          Type: string;
          Properties: { Code?: unknown; Environment?: { Variables?: Record<string, unknown> } };
        }
      >;
    };
    const pipelineFunctions = Object.values(template.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
    );
    // Publisher, republisher, bootstrap, ingest, editor, release: each bundled into an asset of its own.
    expect(pipelineFunctions).toHaveLength(6);
    const assets = JSON.parse(readFileSync(join(assembly, 'Syndication-App.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    for (const fn of pipelineFunctions) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const bundle = readFileSync(join(assembly, assets.files[key]?.source.path ?? '-', 'index.mjs'), 'utf8');
      expect(bundle).toContain('export');
    }

    const report = JSON.parse(readFileSync(join(assembly, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  }, 300_000);
});
