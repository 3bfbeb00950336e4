import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';
import { EDITOR_ROUTES, PARTNER_WEBHOOK_ROUTE } from '../../shared/editor-api/editor-routes';

/** The partner webhook's route (CONTRACT §1), in API Gateway's route syntax. */
export const PARTNER_ROUTE = PARTNER_WEBHOOK_ROUTE;

/** The partner route's key as API Gateway names it in its per-route metrics. */
export const PARTNER_ROUTE_KEY = `${PARTNER_ROUTE.method} ${PARTNER_ROUTE.path}`;

/**
 * The stage's default throttling when the app's context sets none: far above what partners' own rate
 * limits (600 a minute each by default) and a newsroom's editors send, far below what would run up a
 * bill if someone hammered the endpoint.
 */
export const DEFAULT_API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** Who the JWT authorizer trusts for the editor routes. */
export type EditorIdentity =
  | {
      /**
       * The data stack's Cognito user pool (the editors' accounts are state); the console's app client
       * and the hosted sign-in domain are made here.
       */
      readonly kind: 'userPool';
      readonly userPool: IUserPool;
      /** Where the console lives (`https://<site>/editor/`): the client's only callback and sign-out URL. */
      readonly consoleUrl: string;
      /**
       * The hosted sign-in's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the
       * region. Defaults to the stack name and the account id.
       */
      readonly signInDomainPrefix?: string;
    }
  | {
      /** An OpenID Connect issuer run elsewhere (the newsroom's own); no user pool is made. */
      readonly kind: 'external';
      /** The `iss` of its tokens, e.g. `https://login.example.org/realms/news`. */
      readonly issuer: string;
      /** The `aud` (or Cognito `client_id`) values the authorizer accepts. */
      readonly audience: readonly string[];
    };

/** Properties of {@link PipelineApi}. */
export interface PipelineApiProps {
  /** The partner webhook's function. */
  readonly ingest: IFunction;
  /** The editor API's function. */
  readonly editor: IFunction;
  readonly identity: EditorIdentity;
  /** The stage's default route throttling; {@link DEFAULT_API_THROTTLE} when left out. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * How the editor console signs in with the user pool's app client made here: OpenID Connect, authorization code with
 * PKCE, no client secret (`EditorConsoleConfig.signIn`).
 */
export interface EditorSignIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint: string;
  readonly revocationEndpoint: string;
  readonly scopes: readonly string[];
}

/** The scopes the console asks for: who the editor is (`sub`) and what others see (`email`). */
const CONSOLE_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

/**
 * One line of JSON per request: who called which route, what the authorizer and the function said, and
 * how long it took. The editor is logged by `sub` only (an opaque id, decision 0024), never a token.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  editor: '$context.authorizer.claims.sub',
});

/**
 * The pipeline's HTTP API (API Gateway v2): the partner webhook to the ingest function, and every
 * editor route (`EDITOR_ROUTES`) to the editor function behind a JWT authorizer. The webhook has no
 * authorizer: the Standard Webhooks signature is checked in the function, with the partner's secrets.
 *
 * One `$default` stage, deployed automatically, with default route throttling and JSON access logs to a
 * log group of its own. The execute-api endpoint stays on: CloudFront forwards `/v1/*` to it.
 *
 * API Gateway takes bodies up to 10 MB, but Lambda takes events of at most 6 MiB with the body escaped
 * inside; the CDN answers 413 for a delivery declaring over 5.5 MiB (docs/deploy.md, "How big a
 * delivery can be").
 */
export class PipelineApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  /** The execute-api host (`<api id>.execute-api.<region>.amazonaws.com`), for the CDN's origin. */
  public readonly apiDomain: string;
  /** `https://<apiDomain>/`. */
  public readonly url: string;
  /** The access log group. */
  public readonly accessLogs: LogGroup;
  /** The editor routes' JWT authorizer. */
  public readonly authorizer: IHttpRouteAuthorizer;
  /** The partner webhook's route. */
  public readonly partnerRoute: HttpRoute;
  /** The editor routes, in `EDITOR_ROUTES` order. */
  public readonly editorRoutes: readonly HttpRoute[];
  /** The catch-all route: any other method or path, to the editor function behind the authorizer. */
  public readonly defaultRoute: HttpRoute;
  /** The console's app client, when the editors sign in with the user pool. */
  public readonly consoleClient?: UserPoolClient;
  /** The hosted sign-in's domain, when the editors sign in with the user pool. */
  public readonly signInDomain?: UserPoolDomain;
  /** How the console signs in, when the editors sign in with the user pool. */
  public readonly editorSignIn?: EditorSignIn;

  constructor(scope: Construct, id: string, props: PipelineApiProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Syndication pipeline: the partner webhook and the editor API',
      // The stage is made below, with throttling and access logs.
      createDefaultStage: false,
      disableExecuteApiEndpoint: false,
    });
    this.apiDomain = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.url = `https://${this.apiDomain}/`;

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    if (props.identity.kind === 'userPool') {
      const pool = this.createSignIn(props.identity);
      this.consoleClient = pool.client;
      this.signInDomain = pool.domain;
      this.editorSignIn = pool.signIn;
      this.authorizer = new HttpJwtAuthorizer('EditorAuthorizer', pool.signIn.issuer, {
        jwtAudience: [pool.client.userPoolClientId],
      });
    } else {
      this.authorizer = new HttpJwtAuthorizer('EditorAuthorizer', props.identity.issuer, {
        jwtAudience: [...props.identity.audience],
      });
    }

    const [partnerRoute] = this.httpApi.addRoutes({
      path: PARTNER_ROUTE.path,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Ingest', props.ingest),
    });
    if (partnerRoute === undefined) throw new Error(`${this.node.path}: the partner route was not made`);
    // Per-route metrics for the webhook alone, so the ingest's 5xx alarm watches the partner route and an
    // editor's error never pages the operator as "a partner was told to retry". Only this route: each
    // route's metrics are billed as custom metrics (docs/deploy.md, cost).
    const stage = this.stage.node.defaultChild as CfnStage;
    // A raw JSON property: CloudFormation's own (Pascal case) names.
    stage.routeSettings = { [PARTNER_ROUTE_KEY]: { DetailedMetricsEnabled: true } };
    stage.addDependency(partnerRoute.node.defaultChild as CfnRoute);
    Validations.of(partnerRoute.node.defaultChild ?? partnerRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Partners are servers, not users: each delivery is authenticated by its Standard Webhooks signature (HMAC-SHA256 over id, timestamp and body with the partner secret, five-minute tolerance, replays refused), verified by the ingest function before anything is stored (CONTRACT §1).',
    });
    this.partnerRoute = partnerRoute;

    const editorIntegration = new HttpLambdaIntegration('Editor', props.editor);
    this.editorRoutes = EDITOR_ROUTES.flatMap((route) =>
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: editorIntegration,
        authorizer: this.authorizer,
      }),
    );
    // Without it API Gateway answers any other path or method itself, with a bare `{"message":"Not
    // Found"}`; with it the editor function answers as `npm start` does, 404 or 405 (with Allow) as a
    // problem, once the same authorizer has let the request through. The webhook's path with another
    // method lands here too: a 401 without an editor's token, a 405 naming POST with one.
    this.defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: editorIntegration,
      authorizer: this.authorizer,
    });
  }

  /**
   * The console's app client in the editors' user pool, authorization code with PKCE, no secret (it
   * runs in a browser), short-lived tokens; and the pool's hosted sign-in domain. Both are here, not
   * with the pool in the data stack: the client's callback is the CDN's URL, which this stack makes,
   * and neither holds state (a redeploy makes them again; the editors' accounts stay in the pool).
   */
  private createSignIn(identity: Extract<EditorIdentity, { kind: 'userPool' }>): {
    client: UserPoolClient;
    domain: UserPoolDomain;
    signIn: EditorSignIn;
  } {
    const { userPool, consoleUrl, signInDomainPrefix } = identity;
    const client = new UserPoolClient(this, 'ConsoleClient', {
      userPool,
      generateSecret: false,
      // Sign-in is the hosted page's authorization code flow; outside it only SRP (no password on the
      // wire) and refresh.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: CONSOLE_SCOPES,
        // The console, and `synd login`'s loopback listener on the editor's own machine.
        callbackUrls: [consoleUrl, CLI_SIGN_IN_REDIRECT_URI],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    const domain = new UserPoolDomain(this, 'SignIn', {
      userPool,
      cognitoDomain: {
        // Prefixes are unique per region; the stack name keeps two deployments of one account apart.
        domainPrefix: signInDomainPrefix ?? `${Stack.of(this).stackName.toLowerCase()}-${Aws.ACCOUNT_ID}`,
      },
    });
    const base = domain.baseUrl();
    return {
      client,
      domain,
      signIn: {
        // What the pool's ProviderURL attribute is, spelled from the attribute an IUserPool has.
        issuer: `https://${userPool.userPoolProviderName}`,
        clientId: client.userPoolClientId,
        authorizationEndpoint: `${base}/oauth2/authorize`,
        tokenEndpoint: `${base}/oauth2/token`,
        endSessionEndpoint: `${base}/logout`,
        // Open to the client because `enableTokenRevocation` is on (above).
        revocationEndpoint: `${base}/oauth2/revoke`,
        scopes: CONSOLE_SCOPES.map((scope) => scope.scopeName),
      },
    };
  }
}
