import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorConsole, type EditorConsoleConfig } from '../../infra/constructs/editor-console';
import { HtmlDocument } from '../support/html-document';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const REGION = 'eu-west-1';

interface Synthesized {
  template: Template;
  outdir: string;
  editorConsole: EditorConsole;
}

/** A stack holding a site bucket and the console, synthesized; `config` is built inside the stack (for tokens). */
function synthesize(config?: (stack: Stack) => EditorConsoleConfig): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'editor-console-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Console', { env: { account: '123456789012', region: REGION } });
  const editorConsole = new EditorConsole(stack, 'EditorConsole', {
    bucket: new Bucket(stack, 'Site'),
    ...(config ? { config: config(stack) } : {}),
  });
  app.synth();
  return { template: Template.fromStack(stack), outdir, editorConsole };
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON
type Json = any;

/** The one console deployment of a template. */
function deploymentOf(template: Template): Json {
  const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
  expect(deployments).toHaveLength(1);
  return deployments[0]?.Properties;
}

/**
 * The value CloudFormation gives an expression at deploy time, for the few functions the
 * deployment's markers use; `refs` stands in for the resources' values.
 */
function evaluate(expression: Json, refs: Record<string, string>): Json {
  if (typeof expression === 'string' || typeof expression === 'number') return expression;
  if (Array.isArray(expression)) return expression.map((item) => evaluate(item, refs));
  const [name, argument] = Object.entries(expression)[0] as [string, Json];
  switch (name) {
    case 'Ref':
    case 'Fn::GetAtt': {
      const key = name === 'Ref' ? argument : argument.join('.');
      if (!(key in refs)) throw new Error(`no value for ${key}`);
      return refs[key];
    }
    case 'Fn::Join':
      return evaluate(argument[1], refs).join(argument[0]);
    case 'Fn::Split':
      return evaluate(argument[1], refs).split(argument[0]);
    case 'Fn::Select':
      return evaluate(argument[1], refs)[argument[0]];
    default:
      throw new Error(`no evaluation for ${name}`);
  }
}

/**
 * The files each source of the deployment writes, read from the cloud assembly's staged assets,
 * with the deploy-time values put in as the deployment's handler puts them.
 */
function deployedSources(
  { outdir, template }: Synthesized,
  refs: Record<string, string> = {},
): Array<Map<string, string>> {
  const deployment = deploymentOf(template);
  return (deployment.SourceObjectKeys as string[]).map((key, index) => {
    const directory = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(existsSync(directory), directory).toBe(true);
    const markers: Record<string, Json> = deployment.SourceMarkers?.[index] ?? {};
    const jsonEscape = deployment.SourceMarkersConfig?.[index]?.jsonEscape === true;
    const files = new Map<string, string>();
    for (const file of readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!file.includes('.')) continue;
      let text = readFileSync(join(directory, file), 'utf8');
      for (const [marker, value] of Object.entries(markers)) {
        const resolved = String(evaluate(value, refs));
        text = text.replaceAll(marker, jsonEscape ? JSON.stringify(resolved).slice(1, -1) : resolved);
      }
      files.set(file, text);
    }
    return files;
  });
}

/** The deployed file of this name, from whichever source writes it. */
function deployedFile(sources: Array<Map<string, string>>, name: string): string {
  const writers = sources.filter((files) => files.has(name));
  expect(writers, `${name} is written by exactly one source`).toHaveLength(1);
  return writers[0]?.get(name) as string;
}

/** The page's content security policy as the browser reads it: directive name → sources. */
function contentSecurityPolicy(indexHtml: string): Map<string, string[]> {
  const policy = new HtmlDocument(indexHtml).attribute(
    'meta',
    'content',
    (meta) => meta.attribs['http-equiv']?.toLowerCase() === 'content-security-policy',
  );
  expect(policy).toBeDefined();
  return new Map(
    (policy as string)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

const CHECKOUT_INDEX = readFileSync('console/index.html', 'utf8');

describe('EditorConsole', () => {
  let local: Synthesized;
  beforeAll(() => {
    local = synthesize();
  });

  it('copies console/ into the site bucket under editor/, revalidated on every visit, pruning nothing', () => {
    const deployment = deploymentOf(local.template);
    const siteBucket = local.template.getResourceId('AWS::S3::Bucket', {});
    expect(deployment).toMatchObject({
      DestinationBucketName: { Ref: siteBucket },
      DestinationBucketKeyPrefix: 'editor/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    const [files, config, page] = deployedSources(local);
    expect([...(files?.keys() ?? [])]).toEqual(
      expect.arrayContaining(['main.js', 'console.css', 'sign-in.js', 'oidc-sign-in.js', 'pkce.js']),
    );
    // config.json and index.html come only from the construct, never from the checkout as well.
    expect([...(config?.keys() ?? [])]).toEqual(['config.json']);
    expect([...(page?.keys() ?? [])]).toEqual(['index.html']);
  });

  it('writes the checkout’s config.json and page by default: token sign-in, requests to its own origin only', () => {
    const sources = deployedSources(local);
    expect(JSON.parse(deployedFile(sources, 'config.json'))).toEqual({
      apiBaseUrl: '',
      signIn: { kind: 'token' },
    });
    expect(deployedFile(sources, 'index.html')).toBe(CHECKOUT_INDEX);
    expect(contentSecurityPolicy(deployedFile(sources, 'index.html')).get('connect-src')).toEqual(["'self'"]);
    expect(local.editorConsole.connectOrigins).toEqual([]);
  });

  it('writes the OIDC sign-in it is given, and lets the page call the token endpoint’s origin', () => {
    const oidc: EditorConsoleConfig = {
      apiBaseUrl: '',
      signIn: {
        kind: 'oidc',
        issuer: 'https://id.example/pool',
        clientId: 'console-client',
        authorizationEndpoint: 'https://login.id.example/oauth2/authorize',
        tokenEndpoint: 'https://login.id.example:8443/oauth2/token',
        endSessionEndpoint: 'https://login.id.example/logout',
        revocationEndpoint: 'https://revoke.id.example/oauth2/revoke',
        scopes: ['openid', 'email'],
      },
    };
    const synthesized = synthesize(() => oidc);
    const sources = deployedSources(synthesized);
    expect(JSON.parse(deployedFile(sources, 'config.json'))).toEqual(oidc);
    const policy = contentSecurityPolicy(deployedFile(sources, 'index.html'));
    const called = ['https://login.id.example:8443', 'https://revoke.id.example'];
    expect(policy.get('connect-src')).toEqual(["'self'", ...called]);
    // Only connect-src widens: scripts, styles and everything else stay on the console's origin.
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(synthesized.editorConsole.connectOrigins).toEqual(called);
  });

  it('names the stack’s own Cognito pool, client and domain, resolved at deploy time', () => {
    const synthesized = synthesize((stack) => {
      const pool = new UserPool(stack, 'Editors');
      const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'synd-editors' } });
      const client = pool.addClient('Console');
      const base = domain.baseUrl();
      return {
        apiBaseUrl: '',
        signIn: {
          kind: 'oidc',
          issuer: pool.userPoolProviderUrl,
          clientId: client.userPoolClientId,
          authorizationEndpoint: `${base}/oauth2/authorize`,
          tokenEndpoint: `${base}/oauth2/token`,
          endSessionEndpoint: `${base}/logout`,
          revocationEndpoint: `${base}/oauth2/revoke`,
        },
      };
    });
    const { template } = synthesized;
    const refs = {
      [`${template.getResourceId('AWS::Cognito::UserPool', {})}.ProviderURL`]:
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
      [template.getResourceId('AWS::Cognito::UserPoolClient', {})]: 'client-1234',
      [template.getResourceId('AWS::Cognito::UserPoolDomain', {})]: 'synd-editors',
    };
    const sources = deployedSources(synthesized, refs);
    const cognito = `https://synd-editors.auth.${REGION}.amazoncognito.com`;
    expect(JSON.parse(deployedFile(sources, 'config.json'))).toEqual({
      apiBaseUrl: '',
      signIn: {
        kind: 'oidc',
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
        clientId: 'client-1234',
        authorizationEndpoint: `${cognito}/oauth2/authorize`,
        tokenEndpoint: `${cognito}/oauth2/token`,
        endSessionEndpoint: `${cognito}/logout`,
        revocationEndpoint: `${cognito}/oauth2/revoke`,
      },
    });
    // The token and revocation endpoints share the domain: its origin is allowed once.
    expect(contentSecurityPolicy(deployedFile(sources, 'index.html')).get('connect-src')).toEqual([
      "'self'",
      cognito,
    ]);
    expect(
      synthesized.editorConsole.connectOrigins.map((origin) =>
        evaluate(Stack.of(synthesized.editorConsole).resolve(origin), refs),
      ),
    ).toEqual([cognito]);
  });

  it('refuses at synth a sign-in whose endpoints are not https', () => {
    expect(() =>
      synthesize(() => ({
        apiBaseUrl: '',
        signIn: {
          kind: 'oidc',
          issuer: 'https://id.example',
          clientId: 'console-client',
          authorizationEndpoint: 'https://id.example/authorize',
          tokenEndpoint: 'http://id.example/token',
        },
      })),
    ).toThrow(/signIn.tokenEndpoint must be an https:\/\/ address/);
  });

  it('runs the copy with a role of its own that has no managed policy', () => {
    const { template, editorConsole } = local;
    const consoleRole = Stack.of(editorConsole).resolve(
      (editorConsole.deployment.handlerRole as unknown as { roleArn: string }).roleArn,
    );
    const handlers = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => JSON.stringify(fn.Properties.Role) === JSON.stringify(consoleRole),
    );
    expect(handlers).toHaveLength(1);
    const roleId = consoleRole['Fn::GetAtt'][0] as string;
    expect(template.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
  });
});
