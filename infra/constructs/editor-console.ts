import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_KEY_PREFIX } from '../../shared/publish/publish-console';
import { withConnectOrigins } from './editor-console-page';
import { acknowledgeResolved, findingName } from './nag-findings';

/** The console's sources, deployed as they are: no build step (decision 0026). */
export const CONSOLE_SOURCE_DIRECTORY = fileURLToPath(new URL('../../console/', import.meta.url));

/**
 * How editors sign in on AWS: OpenID Connect authorization code with PKCE at the identity provider
 * the HTTP API's JWT authorizer trusts (console/oidc-sign-in.js, decision 0031). The values may be
 * CDK tokens (the stack's user pool, domain and client); literal addresses are checked at synth.
 */
export interface OidcSignInConfig {
  readonly kind: 'oidc';
  /** The `iss` of the provider's ID tokens, exactly (Cognito: `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  readonly issuer: string;
  /** The console's app client: the audience the authorizer accepts. */
  readonly clientId: string;
  /** Cognito: `https://<domain>/oauth2/authorize`. */
  readonly authorizationEndpoint: string;
  /** Cognito: `https://<domain>/oauth2/token`; its origin joins the console's `connect-src`. */
  readonly tokenEndpoint: string;
  /** Cognito: `https://<domain>/logout`; without it, signing out forgets the tokens in the tab only. */
  readonly endSessionEndpoint?: string;
  /**
   * Cognito: `https://<domain>/oauth2/revoke` (RFC 7009); its origin joins the console's `connect-src`.
   * Signing out, in the console or with `synd logout`, revokes the refresh token there; without it the
   * refresh token stays valid until it expires.
   */
  readonly revocationEndpoint?: string;
  /** Defaults to `openid email profile` in the console; must include `openid`. */
  readonly scopes?: string[];
}

/**
 * What `config.json` tells the console (console/config.js reads and checks it): where the editor
 * API is, and how editors sign in: `token` is the local run's, `oidc` the AWS deployment's
 * (docs/console.md).
 */
export interface EditorConsoleConfig {
  /** The API's origin; `''` for the console's own (the CDN serves `/v1/*` from the console's origin). */
  readonly apiBaseUrl: string;
  readonly signIn: { readonly kind: 'token' } | OidcSignInConfig;
}

/** Hosts where plain http is allowed, as console/config.js allows them (tests). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin of an address (scheme, host and port), the form a CSP source takes. A token (known at
 * deploy time only) becomes `https://` and its host, taken apart by CloudFormation functions; the
 * console refuses any other scheme for such an address anyway.
 */
export function originOf(url: string, field: string): string {
  if (Token.isUnresolved(url)) return Fn.join('', ['https://', Fn.select(2, Fn.split('/', url))]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`EditorConsole: ${field} must be an absolute address, not ${JSON.stringify(url)}`);
  }
  const secure =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname));
  if (!secure) {
    throw new Error(`EditorConsole: ${field} must be an https:// address, not ${JSON.stringify(url)}`);
  }
  return parsed.origin;
}

/**
 * The origins besides its own that the console calls: the token endpoint's (the code exchange and
 * renewals), the revocation endpoint's (sign-out) and the API's when it is elsewhere. The
 * authorization and end-session endpoints are navigations, which `connect-src` does not govern, but
 * their addresses are checked all the same. Each origin once: two addresses built on the same token
 * (Cognito's domain) share the text before their path, which is how they are told apart at synth.
 */
export function connectOriginsOf(config: EditorConsoleConfig): string[] {
  const origins = new Map<string, string>();
  const add = (url: string, field: string) => {
    const origin = originOf(url, field);
    const key = Token.isUnresolved(url) ? url.split('/').slice(0, 3).join('/') : origin;
    if (!origins.has(key)) origins.set(key, origin);
  };
  if (config.apiBaseUrl !== '') add(config.apiBaseUrl, 'apiBaseUrl');
  if (config.signIn.kind === 'oidc') {
    const { issuer, authorizationEndpoint, tokenEndpoint, endSessionEndpoint, revocationEndpoint } =
      config.signIn;
    originOf(issuer, 'signIn.issuer');
    originOf(authorizationEndpoint, 'signIn.authorizationEndpoint');
    if (endSessionEndpoint !== undefined) originOf(endSessionEndpoint, 'signIn.endSessionEndpoint');
    add(tokenEndpoint, 'signIn.tokenEndpoint');
    if (revocationEndpoint !== undefined) add(revocationEndpoint, 'signIn.revocationEndpoint');
  }
  return [...origins.values()];
}

/**
 * The CDK bootstrap's asset bucket as cdk-nag names it: account and region literal when the stack's
 * environment gives them, pseudo parameters when not (default qualifier).
 */
function assetBucketName(stack: Stack): string {
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `cdk-hnb659fds-assets-${part(stack.account, 'AccountId')}-${part(stack.region, 'Region')}`;
}

/** Properties of {@link EditorConsole}. */
export interface EditorConsoleProps {
  /** The site bucket: the console is served with the site, under `editor/`. */
  readonly bucket: IBucket;
  /** Defaults to the checkout's `console/config.json` (the API on the same origin, token sign-in). */
  readonly config?: EditorConsoleConfig;
}

/**
 * The editor console in the site bucket under `editor/`, as the local run uploads it: the static
 * files of `console/`, a `config.json` written from {@link EditorConsoleProps.config}, and
 * `index.html` whose content security policy lets the page call {@link EditorConsole.connectOrigins}
 * (the identity provider's token endpoint) besides its own origin. The CDN's policy for `editor/*`
 * must allow the same origins: pass `connectOrigins` to it.
 * Nothing is pruned: the rest of the bucket is the published site, and a console file that is gone
 * harms nobody (decision 0026).
 *
 * The copy is made by aws-cdk-lib's BucketDeployment custom resource (one function per stack, on the
 * library's choice of runtime). It runs with a role of its own that may write its log group, with no
 * managed policy; the grants BucketDeployment adds (read the asset, read and write the bucket) are
 * acknowledged on that role, the runtime on the function.
 */
export class EditorConsole extends Construct {
  /** The deployment of the console's files. */
  public readonly deployment: BucketDeployment;
  /**
   * The origins the console calls besides its own, in its page's `connect-src` (tokens when the
   * configuration's are): the CDN's response headers policy for `editor/*` must allow them too.
   */
  public readonly connectOrigins: readonly string[];

  constructor(scope: Construct, id: string, props: EditorConsoleProps) {
    super(scope, id);
    const config =
      props.config ??
      (JSON.parse(readFileSync(`${CONSOLE_SOURCE_DIRECTORY}config.json`, 'utf8')) as EditorConsoleConfig);
    this.connectOrigins = connectOriginsOf(config);
    const page = withConnectOrigins(
      readFileSync(`${CONSOLE_SOURCE_DIRECTORY}index.html`, 'utf8'),
      this.connectOrigins,
    );
    const logGroup = new LogGroup(this, 'LogGroup', { retention: RetentionDays.ONE_MONTH });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Editor console deployment: copies console/ into the site bucket under editor/',
    });
    logGroup.grantWrite(role);

    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [
        Source.asset(CONSOLE_SOURCE_DIRECTORY, { exclude: ['config.json', 'index.html'] }),
        Source.jsonData('config.json', config),
        Source.data('index.html', page),
      ],
      destinationBucket: props.bucket,
      destinationKeyPrefix: CONSOLE_KEY_PREFIX,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      role,
      logGroup,
    });

    const policy = role.node.findChild('DefaultPolicy');
    // The bucket may be another stack's (the data stack's): its ARN is spelled as an import only once
    // the app is prepared.
    acknowledgeResolved(policy, () => [
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        reason:
          'BucketDeployment grants read of the CDK asset bucket and the site bucket this way; they are the only buckets named.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason:
          'BucketDeployment reads the console asset zip and the site bucket this way; only those two buckets are named.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason:
          'BucketDeployment lists the asset and site buckets (aws s3 sync); only those two buckets are named.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason:
          'BucketDeployment grants read-write on the site bucket, which includes aborting its own multipart uploads.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason:
          'Part of the read-write grant BucketDeployment makes on the site bucket; with prune: false the handler deletes nothing.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${findingName(this, props.bucket.bucketArn)}/*]`,
        reason:
          "The console is copied under editor/ of the site bucket; BucketDeployment grants on the bucket's objects.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucketName(Stack.of(this))}/*]`,
        reason:
          'The CDK bootstrap bucket holding the console asset zip; BucketDeployment reads the asset from it.',
      },
    ]);
    // The singleton handler lives at the stack's root, shared by every BucketDeployment of the stack.
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "aws-cdk-lib's BucketDeployment handler (Python with the AWS CLI layer); its runtime is the library's, updated with aws-cdk-lib.",
      });
    }
  }
}
