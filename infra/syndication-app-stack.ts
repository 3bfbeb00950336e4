import {
  CfnOutput,
  CrossStackReferences,
  Lazy,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { EditorConsole, type OidcSignInConfig } from './constructs/editor-console';
import { EditorFunction } from './constructs/editor-function';
import { IngestFunction } from './constructs/ingest-function';
import {
  DEFAULT_API_THROTTLE,
  type EditorIdentity,
  type EditorSignIn,
  PipelineApi,
} from './constructs/pipeline-api';
import { PipelineMonitoring } from './constructs/pipeline-monitoring';
import { PublisherFunction } from './constructs/publisher-function';
import { RepublisherFunction } from './constructs/republisher-function';
import { SiteBootstrap } from './constructs/site-bootstrap';
import { SiteCdn } from './constructs/site-cdn';

/**
 * Properties of {@link SyndicationAppStack}: the data stack's resources, and settings that default to
 * the app's context (`cdk deploy -c name=value`, or `context` in cdk.json).
 */
export interface SyndicationAppStackProps extends StackProps {
  /** The article table (with its stream) of the data stack. */
  readonly table: ITable;
  /** The published site's bucket of the data stack. */
  readonly bucket: IBucket;
  /** The partner secrets of the data stack. */
  readonly partnerSecret: ISecret;
  /**
   * Base of every absolute URL in pages and feeds, and of the console's sign-in callback. Defaults to
   * the context value `publicBaseUrl`, else `https://<domainName>` when the context names a custom
   * domain, else the CloudFront distribution's own URL. Set it only when readers reach the site
   * through another address (a proxy in front of CloudFront). May be a lazy value (`Lazy.string`).
   */
  readonly publicBaseUrl?: string;
  /**
   * The site's own domain (context `domainName`) with its ACM certificate in us-east-1 (context
   * `certificateArn`): both or neither.
   */
  readonly domainName?: string;
  readonly certificateArn?: string;
  /** Who is told when an alarm fires (context `alarmEmail`); no subscription when left out. */
  readonly alarmEmail?: string;
}

/** A number from the app's context, or `fallback`; a value that is not a positive number fails the synth. */
function positiveNumberFromContext(scope: Construct, key: string, fallback: number): number {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`context ${key} must be a positive number, not ${JSON.stringify(value)}`);
  }
  return number;
}

/** A non-empty string from the app's context, or undefined. */
function stringFromContext(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`context ${key} must be a non-empty string, not ${JSON.stringify(value)}`);
  }
  return value.trim();
}

/**
 * Who signs editors in: an issuer given by context (`editorIssuer` with `editorAudience`, a comma-separated
 * list) or, by default, a Cognito user pool made by the API. Half a pair fails the synth.
 */
function editorIdentityFromContext(scope: Construct, consoleUrl: string): EditorIdentity {
  const issuer = stringFromContext(scope, 'editorIssuer');
  const audience = stringFromContext(scope, 'editorAudience');
  if (issuer === undefined && audience === undefined) {
    const signInDomainPrefix = stringFromContext(scope, 'editorSignInDomainPrefix');
    return { kind: 'userPool', consoleUrl, ...(signInDomainPrefix ? { signInDomainPrefix } : {}) };
  }
  if (issuer === undefined || audience === undefined) {
    throw new Error(
      'context editorIssuer and editorAudience go together: give both, or neither for a user pool',
    );
  }
  return {
    kind: 'external',
    issuer,
    audience: audience
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
  };
}

/**
 * How the console signs in at an issuer given by context: its endpoints, which only the operator knows,
 * from `editorAuthorizationEndpoint` and `editorTokenEndpoint` (and `editorEndSessionEndpoint` if it has
 * one), and the first audience as the console's client id. Missing endpoints fail the synth: a console
 * that cannot sign in would deploy silently otherwise.
 */
function externalSignInFromContext(
  scope: Construct,
  identity: Extract<EditorIdentity, { kind: 'external' }>,
): OidcSignInConfig {
  const authorizationEndpoint = stringFromContext(scope, 'editorAuthorizationEndpoint');
  const tokenEndpoint = stringFromContext(scope, 'editorTokenEndpoint');
  const endSessionEndpoint = stringFromContext(scope, 'editorEndSessionEndpoint');
  const [clientId] = identity.audience;
  if (authorizationEndpoint === undefined || tokenEndpoint === undefined || clientId === undefined) {
    throw new Error(
      'context editorIssuer needs editorAuthorizationEndpoint and editorTokenEndpoint for the console’s sign-in, and editorAudience (its client id first)',
    );
  }
  return {
    kind: 'oidc',
    issuer: identity.issuer,
    clientId,
    authorizationEndpoint,
    tokenEndpoint,
    ...(endSessionEndpoint === undefined ? {} : { endSessionEndpoint }),
  };
}

/** The console's sign-in at the user pool the API made (it made one: no issuer was given). */
function poolSignIn(signIn: EditorSignIn | undefined): OidcSignInConfig {
  if (signIn === undefined) throw new Error('the API made no user pool although no issuer was given');
  return { kind: 'oidc', ...signIn, scopes: [...signIn.scopes] };
}

/**
 * The pipeline's stateless part, deployable and replaceable at will: every function, the HTTP API and
 * the editors' sign-in, the editor console's files and the site's deploy-time bootstrap. It holds no
 * data; the data stack's table, bucket and secret come in as props.
 */
export class SyndicationAppStack extends Stack {
  /** The partner webhook's function. */
  public readonly ingest: IngestFunction;
  /** The editor API's function. */
  public readonly editor: EditorFunction;
  /** The stream consumer that renders pages and feeds into the site bucket. */
  public readonly publisher: PublisherFunction;
  /** The stream consumer that runs republish jobs chunk by chunk. */
  public readonly republisher: RepublisherFunction;
  /** The deploy-time step that makes the site exist before its first article. */
  public readonly siteBootstrap: SiteBootstrap;
  /** The HTTP API, its authorizer and (by default) the editors' user pool. */
  public readonly api: PipelineApi;
  /** The editor console's static files in the site bucket, under `editor/`. */
  public readonly editorConsole: EditorConsole;
  /** CloudFront in front of the site bucket and, under `/v1/*`, the API. */
  public readonly cdn: SiteCdn;
  /** Alarms, their topic and the dashboard. */
  public readonly monitoring: PipelineMonitoring;

  constructor(scope: Construct, id: string, props: SyndicationAppStackProps) {
    super(scope, id, props);
    // Strong references (exports and imports): CloudFormation refuses to delete the data stack, or to
    // drop an export, while this stack uses it, so the data can never vanish under running functions.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const domainName = props.domainName ?? stringFromContext(this, 'domainName');
    const certificateArn = props.certificateArn ?? stringFromContext(this, 'certificateArn');
    // The functions need the CDN's URL and the CDN needs the API, which needs the functions: in
    // CloudFormation there is no cycle (the CDN names only the Api resource), so the URL is read lazily,
    // once the CDN below exists.
    let cdn: SiteCdn | undefined;
    const publicBaseUrl = (
      props.publicBaseUrl ??
      stringFromContext(this, 'publicBaseUrl') ??
      Lazy.string({
        produce: () => {
          if (cdn === undefined) throw new Error('the CDN was not made');
          return cdn.publicBaseUrl;
        },
      })
    ).replace(/\/+$/, '');
    const { table, bucket, partnerSecret } = props;

    // The publisher, the republisher and the bootstrap render the same site: one set of settings.
    const rendering = { table, bucket, publicBaseUrl };
    this.publisher = new PublisherFunction(this, 'Publisher', rendering);
    this.republisher = new RepublisherFunction(this, 'Republisher', rendering);
    this.siteBootstrap = new SiteBootstrap(this, 'SiteBootstrap', {
      ...rendering,
      executeAfter: [this.publisher],
    });
    this.ingest = new IngestFunction(this, 'Ingest', { table, bucket, partnerSecret, publicBaseUrl });
    this.editor = new EditorFunction(this, 'Editor', { table, bucket, publicBaseUrl });

    const identity = editorIdentityFromContext(this, `${publicBaseUrl}/editor/`);
    this.api = new PipelineApi(this, 'Api', {
      ingest: this.ingest.function,
      editor: this.editor.function,
      identity,
      throttle: {
        rateLimit: positiveNumberFromContext(this, 'apiRateLimit', DEFAULT_API_THROTTLE.rateLimit),
        burstLimit: positiveNumberFromContext(this, 'apiBurstLimit', DEFAULT_API_THROTTLE.burstLimit),
      },
    });

    const signIn: OidcSignInConfig =
      identity.kind === 'external'
        ? externalSignInFromContext(this, identity)
        : poolSignIn(this.api.editorSignIn);
    // The API on the console's own origin (the CDN forwards /v1/*), and the editors' sign-in.
    this.editorConsole = new EditorConsole(this, 'EditorConsole', {
      bucket,
      config: { apiBaseUrl: '', signIn },
    });

    cdn = new SiteCdn(this, 'Cdn', {
      bucket,
      apiDomain: this.api.apiDomain,
      editorConnectOrigins: this.editorConsole.connectOrigins,
      ...(domainName === undefined ? {} : { domainName }),
      ...(certificateArn === undefined ? {} : { certificateArn }),
    });
    this.cdn = cdn;

    const alarmEmail = props.alarmEmail ?? stringFromContext(this, 'alarmEmail');
    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      functions: {
        ingest: this.ingest.function,
        editor: this.editor.function,
        publisher: this.publisher.function,
        republisher: this.republisher.function,
        'site-bootstrap': this.siteBootstrap.function,
      },
      publisher: this.publisher.function,
      failedBatches: this.publisher.deadLetterQueue,
      httpApi: this.api.httpApi,
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
    });

    new CfnOutput(this, 'SiteUrl', {
      description: 'The published site (CloudFront): feeds, pages, and the editor console under /editor/',
      value: cdn.publicBaseUrl,
    });
    new CfnOutput(this, 'DistributionId', {
      description: 'The CloudFront distribution (aws cloudfront create-invalidation --distribution-id)',
      value: cdn.distribution.distributionId,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description: 'The pipeline’s CloudWatch dashboard',
      value: this.monitoring.dashboardUrl,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API (execute-api endpoint): the partner webhook and the editor API',
      value: this.api.url,
    });
    if (this.api.userPool !== undefined && this.api.consoleClient !== undefined) {
      new CfnOutput(this, 'UserPoolId', {
        description: 'The editors’ Cognito user pool (aws cognito-idp admin-create-user --user-pool-id)',
        value: this.api.userPool.userPoolId,
      });
      new CfnOutput(this, 'EditorClientId', {
        description: 'The editor console’s app client',
        value: this.api.consoleClient.userPoolClientId,
      });
    }
  }
}
