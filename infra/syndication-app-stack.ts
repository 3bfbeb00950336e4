import {
  CfnOutput,
  CrossStackReferences,
  Lazy,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { parseWebSubHubUrls } from '../shared/config/websub-hub-urls';
import { externalEditorIssuerFromContext, positiveNumberFromContext, stringFromContext } from './app-context';
import { EditorConsole, type OidcSignInConfig } from './constructs/editor-console';
import { EditorFunction } from './constructs/editor-function';
import { IngestFunction } from './constructs/ingest-function';
import {
  DEFAULT_API_THROTTLE,
  type EditorIdentity,
  type EditorSignIn,
  PARTNER_ROUTE_KEY,
  PipelineApi,
} from './constructs/pipeline-api';
import { PipelineMonitoring } from './constructs/pipeline-monitoring';
import { PublisherFunction } from './constructs/publisher-function';
import { ReleaseFunction } from './constructs/release-function';
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
   * The editors' user pool of the data stack, which makes one unless context `editorIssuer` names an
   * issuer of the operator's own; this stack adds the console's app client and sign-in domain to it.
   * Required without `editorIssuer`, refused with it.
   */
  readonly editorPool?: IUserPool;
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

/**
 * Who signs editors in: an issuer given by context (`editorIssuer` with `editorAudience`, a comma-separated
 * list) or, by default, the data stack's user pool. Half a pair fails the synth, and so does a pool
 * missing without an issuer or given beside one (the two stacks read the same context).
 */
function editorIdentityFromContext(
  scope: Construct,
  consoleUrl: string,
  editorPool: IUserPool | undefined,
): EditorIdentity {
  const issuer = externalEditorIssuerFromContext(scope);
  const audience = stringFromContext(scope, 'editorAudience');
  if (issuer === undefined && audience === undefined) {
    if (editorPool === undefined) {
      throw new Error(
        'no editor sign-in: pass the data stack’s editorPool, or give context editorIssuer and editorAudience',
      );
    }
    const signInDomainPrefix = stringFromContext(scope, 'editorSignInDomainPrefix');
    return {
      kind: 'userPool',
      userPool: editorPool,
      consoleUrl,
      ...(signInDomainPrefix ? { signInDomainPrefix } : {}),
    };
  }
  if (issuer === undefined || audience === undefined) {
    throw new Error(
      'context editorIssuer and editorAudience go together: give both, or neither for a user pool',
    );
  }
  if (editorPool !== undefined) {
    throw new Error('context editorIssuer names the editors’ issuer, so the app stack takes no editorPool');
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
 * from `editorAuthorizationEndpoint` and `editorTokenEndpoint` (and `editorEndSessionEndpoint` and
 * `editorRevocationEndpoint` if it has them), and the first audience as the console's client id. Missing endpoints fail the synth: a console
 * that cannot sign in would deploy silently otherwise.
 */
function externalSignInFromContext(
  scope: Construct,
  identity: Extract<EditorIdentity, { kind: 'external' }>,
): OidcSignInConfig {
  const authorizationEndpoint = stringFromContext(scope, 'editorAuthorizationEndpoint');
  const tokenEndpoint = stringFromContext(scope, 'editorTokenEndpoint');
  const endSessionEndpoint = stringFromContext(scope, 'editorEndSessionEndpoint');
  const revocationEndpoint = stringFromContext(scope, 'editorRevocationEndpoint');
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
    ...(revocationEndpoint === undefined ? {} : { revocationEndpoint }),
  };
}

/** The console's sign-in at the user pool's hosted sign-in the API made (it made one: no issuer was given). */
function poolSignIn(signIn: EditorSignIn | undefined): OidcSignInConfig {
  if (signIn === undefined) throw new Error('the API made no hosted sign-in although no issuer was given');
  return { kind: 'oidc', ...signIn, scopes: [...signIn.scopes] };
}

/**
 * The WebSub hubs of context `websubHubUrl` (docs/websub.md), checked as the functions will check
 * them, so a bad value fails the synth rather than every publish; undefined when not given.
 */
function websubHubUrlFromContext(scope: Construct): string | undefined {
  const value = stringFromContext(scope, 'websubHubUrl');
  if (value === undefined) return undefined;
  try {
    return parseWebSubHubUrls(value).join(' ');
  } catch (error) {
    throw new Error(`context websubHubUrl: ${(error as Error).message}`);
  }
}

/**
 * The pipeline's stateless part, deployable and replaceable at will: every function, the HTTP API and
 * the editors' sign-in (the console's app client and hosted sign-in domain), the editor console's
 * files and the site's deploy-time bootstrap. It holds no data; the data stack's table, bucket, secret
 * and user pool come in as props.
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
  /** Takes embargoed articles live at their instant, invoked by schedules ingest creates. */
  public readonly release: ReleaseFunction;
  /** The deploy-time step that makes the site exist before its first article. */
  public readonly siteBootstrap: SiteBootstrap;
  /** The HTTP API, its authorizer and (by default) the console's app client and hosted sign-in. */
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
    const rendering = { table, bucket, publicBaseUrl, websubHubUrl: websubHubUrlFromContext(this) };
    this.publisher = new PublisherFunction(this, 'Publisher', rendering);
    this.republisher = new RepublisherFunction(this, 'Republisher', rendering);
    this.siteBootstrap = new SiteBootstrap(this, 'SiteBootstrap', {
      ...rendering,
      executeAfter: [this.publisher],
    });
    this.ingest = new IngestFunction(this, 'Ingest', { table, partnerSecret, publicBaseUrl });
    this.release = new ReleaseFunction(this, 'Release', { table, publicBaseUrl });
    this.release.allowArming(this.ingest);
    this.editor = new EditorFunction(this, 'Editor', { table, publicBaseUrl });

    const identity = editorIdentityFromContext(this, `${publicBaseUrl}/editor/`, props.editorPool);
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
        release: this.release.function,
      },
      publisher: this.publisher.function,
      failedBatches: this.publisher.deadLetterQueue,
      httpApi: this.api.httpApi,
      ingestRouteKey: PARTNER_ROUTE_KEY,
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
    // The pool's id is the data stack's output (UserPoolId).
    if (this.api.consoleClient !== undefined) {
      new CfnOutput(this, 'EditorClientId', {
        description: 'The editor console’s app client',
        value: this.api.consoleClient.userPoolClientId,
      });
    }
  }
}
