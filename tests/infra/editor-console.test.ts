import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorConsole, type EditorConsoleConfig } from '../../infra/constructs/editor-console';
import { SyndicationAppStack } from '../../infra/syndication-app-stack';
import { SyndicationDataStack } from '../../infra/syndication-data-stack';
import { importOf } from '../support/synthesized-app';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A synthesized app and the directory it was written to. */
function synthesize(build: (app: App) => Stack): { template: Template; outdir: string; stack: Stack } {
  const outdir = mkdtempSync(join(tmpdir(), 'editor-console-'));
  outdirs.push(outdir);
  // Lambda bundling is not what these tests are about.
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = build(app);
  app.synth();
  return { template: Template.fromStack(stack), outdir, stack };
}

/** The one console deployment of a template. */
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON
function deploymentOf(template: Template): Record<string, any> {
  const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
  expect(deployments).toHaveLength(1);
  return deployments[0]?.Properties;
}

/** The files of each source the deployment copies, read from the cloud assembly's staged assets. */
function sourceFiles(outdir: string, deployment: { SourceObjectKeys: string[] }): string[][] {
  return deployment.SourceObjectKeys.map((key) => {
    const directory = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(existsSync(directory), directory).toBe(true);
    return readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort();
  });
}

describe('EditorConsole', () => {
  let synthesized: ReturnType<typeof synthesize>;
  /** The site bucket's name as the app stack imports it from the data stack. */
  let siteBucketExport: () => unknown;
  beforeAll(() => {
    synthesized = synthesize((app) => {
      const data = new SyndicationDataStack(app, 'Syndication-Data');
      siteBucketExport = () => {
        const bucket = Template.fromStack(data).getResourceId('AWS::S3::Bucket', {
          Properties: { VersioningConfiguration: { Status: 'Enabled' } },
        });
        return importOf(Template.fromStack(data), { Ref: bucket });
      };
      return new SyndicationAppStack(app, 'Syndication-App', {
        table: data.articleTable.table,
        bucket: data.siteBucket.bucket,
        partnerSecret: data.partnerSecrets,
        publicBaseUrl: 'https://news.example',
      });
    });
  });

  it('copies console/ into the site bucket under editor/, revalidated on every visit, pruning nothing', () => {
    const { template, outdir, stack } = synthesized;
    const deployment = deploymentOf(template);
    expect(deployment).toMatchObject({
      DestinationBucketName: siteBucketExport(),
      DestinationBucketKeyPrefix: 'editor/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    const [files, config] = sourceFiles(outdir, deployment as { SourceObjectKeys: string[] });
    expect(files).toEqual(expect.arrayContaining(['index.html', 'main.js', 'console.css', 'sign-in.js']));
    // config.json comes only from the construct's configuration, never from the checkout as well.
    expect(files).not.toContain('config.json');
    expect(config).toEqual(['config.json']);
    expect((stack as SyndicationAppStack).editorConsole).toBeInstanceOf(EditorConsole);
  });

  it('writes the checkout’s config.json by default: the API on the same origin, token sign-in', () => {
    const { template, outdir } = synthesize((app) => {
      const stack = new Stack(app, 'Bare');
      new EditorConsole(stack, 'Console', { bucket: new Bucket(stack, 'Site') });
      return stack;
    });
    const deployment = deploymentOf(template) as { SourceObjectKeys: string[] };
    const configKey = deployment.SourceObjectKeys[1]?.replace(/\.zip$/, '');
    const written = JSON.parse(readFileSync(join(outdir, `asset.${configKey}`, 'config.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(readFileSync('console/config.json', 'utf8')));
    expect(written).toEqual({ apiBaseUrl: '', signIn: { kind: 'token' } });
  });

  it('is given the user pool’s sign-in by the app stack: OIDC with the console client', () => {
    const { template, outdir, stack } = synthesized;
    const deployment = deploymentOf(template) as { SourceObjectKeys: string[] };
    const configKey = deployment.SourceObjectKeys[1]?.replace(/\.zip$/, '');
    const written = JSON.parse(readFileSync(join(outdir, `asset.${configKey}`, 'config.json'), 'utf8'));
    const signIn = (stack as SyndicationAppStack).api.editorSignIn;
    expect(written).toMatchObject({
      apiBaseUrl: '',
      signIn: { kind: 'oidc', scopes: ['openid', 'email', 'profile'] },
    });
    // The issuer and client id are deploy-time values: written into the file by the deployment.
    expect(JSON.stringify(deployment)).toContain(JSON.stringify(stack.resolve(signIn?.clientId)));
  });

  it('writes the sign-in it is given (the AWS deployment’s OIDC provider)', () => {
    const oidc: EditorConsoleConfig = {
      apiBaseUrl: '',
      signIn: { kind: 'oidc', issuer: 'https://id.example/pool', clientId: 'console-client' },
    };
    const { template, outdir } = synthesize((app) => {
      const stack = new Stack(app, 'Bare');
      new EditorConsole(stack, 'Console', { bucket: new Bucket(stack, 'Site'), config: oidc });
      return stack;
    });
    const deployment = deploymentOf(template) as { SourceObjectKeys: string[] };
    const configKey = deployment.SourceObjectKeys[1]?.replace(/\.zip$/, '');
    expect(JSON.parse(readFileSync(join(outdir, `asset.${configKey}`, 'config.json'), 'utf8'))).toEqual(oidc);
  });

  it('runs the copy with a role of its own that has no managed policy', () => {
    const { template, stack } = synthesized;
    const consoleRole = Stack.of(stack).resolve(
      ((stack as SyndicationAppStack).editorConsole.deployment.handlerRole as unknown as { roleArn: string })
        .roleArn,
    );
    const handlers = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => JSON.stringify(fn.Properties.Role) === JSON.stringify(consoleRole),
    );
    expect(handlers).toHaveLength(1);
    const roleId = consoleRole['Fn::GetAtt'][0] as string;
    expect(template.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
  });
});
