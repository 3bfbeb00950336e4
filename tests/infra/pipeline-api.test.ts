import { Match, type Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_THROTTLE, PARTNER_ROUTE, PARTNER_ROUTE_KEY } from '../../infra/constructs/pipeline-api';
import { SyndicationAppStack } from '../../infra/syndication-app-stack';
import { SyndicationDataStack } from '../../infra/syndication-data-stack';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';
import { EDITOR_ROUTES } from '../../shared/editor-api/editor-routes';
import {
  appIn,
  importOf,
  logicalIdOf,
  removeAssemblies,
  type SynthesizedApp,
  synthesizeApp,
} from '../support/synthesized-app';

afterAll(removeAssemblies);

/** The context of a deployment whose editors sign in at the newsroom's own OpenID Connect provider. */
const EXTERNAL_ISSUER = {
  editorIssuer: 'https://login.example.org/realms/news',
  editorAudience: 'console, newsroom',
  editorAuthorizationEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/auth',
  editorTokenEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/token',
};

describe('PipelineApi', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  /** The data stack's template, which holds the editors' user pool. */
  let dataTemplate: Template;
  /** The pool's issuer URL as the app stack's template spells it: from the data stack's export. */
  let poolIssuer: unknown;

  beforeAll(() => {
    synthesized = synthesizeApp({ publicBaseUrl: 'https://news.example' });
    template = synthesized.appTemplate;
    dataTemplate = synthesized.dataTemplate;
    const providerName = {
      'Fn::GetAtt': [dataTemplate.getResourceId('AWS::Cognito::UserPool'), 'ProviderName'],
    };
    poolIssuer = { 'Fn::Join': ['', ['https://', importOf(dataTemplate, providerName)]] };
  });

  /** Every route of the API: its key, authorization and target function's logical id. */
  const routes = (from: Template = template) => {
    const integrations = from.findResources('AWS::ApiGatewayV2::Integration');
    return Object.values(from.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
      const integrationId = (route.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
      return {
        routeKey: route.Properties.RouteKey as string,
        authorizationType: route.Properties.AuthorizationType as string,
        authorizerId: route.Properties.AuthorizerId as unknown,
        target: integrations[integrationId]?.Properties.IntegrationUri['Fn::GetAtt'][0] as string,
      };
    });
  };

  describe('routes', () => {
    it('are exactly the partner webhook, the contract’s editor routes and the catch-all', () => {
      expect(
        routes()
          .map((route) => route.routeKey)
          .sort(),
      ).toEqual(
        [
          `${PARTNER_ROUTE.method} ${PARTNER_ROUTE.path}`,
          ...EDITOR_ROUTES.map((route) => `${route.method} ${route.path}`),
          '$default',
        ].sort(),
      );
    });

    it('send the partner webhook to the ingest function, with no authorizer (the signature is checked there)', () => {
      const partner = routes().find((route) => route.routeKey === 'POST /v1/partners/{partnerId}/articles');
      expect(partner).toEqual({
        routeKey: 'POST /v1/partners/{partnerId}/articles',
        authorizationType: 'NONE',
        authorizerId: undefined,
        target: logicalIdOf(synthesized.stack.ingest.function),
      });
    });

    it('send every editor route to the editor function behind the JWT authorizer', () => {
      const authorizer = template.getResourceId('AWS::ApiGatewayV2::Authorizer');
      const editorRoutes = routes().filter(
        (route) => !route.routeKey.startsWith('POST /v1/partners/') && route.routeKey !== '$default',
      );
      expect(editorRoutes).toHaveLength(EDITOR_ROUTES.length);
      for (const route of editorRoutes) {
        expect(route, route.routeKey).toEqual({
          routeKey: route.routeKey,
          authorizationType: 'JWT',
          authorizerId: { Ref: authorizer },
          target: logicalIdOf(synthesized.stack.editor.function),
        });
      }
    });

    it('send any other method or path ($default) to the editor function behind the same authorizer, so it answers 404 or 405 as a problem', () => {
      const fallback = routes().find((route) => route.routeKey === '$default');
      expect(fallback).toEqual({
        routeKey: '$default',
        authorizationType: 'JWT',
        authorizerId: { Ref: template.getResourceId('AWS::ApiGatewayV2::Authorizer') },
        target: logicalIdOf(synthesized.stack.editor.function),
      });
    });

    it('use the Lambda proxy integration with payload format 2.0, which the handlers read', () => {
      template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    });

    it('keep the execute-api endpoint, which the CDN forwards /v1/* to', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        DisableExecuteApiEndpoint: false,
      });
      expect(synthesized.stack.resolve(synthesized.stack.api.apiDomain)).toEqual({
        'Fn::Join': [
          '',
          [
            { Ref: template.getResourceId('AWS::ApiGatewayV2::Api') },
            '.execute-api.',
            { Ref: 'AWS::Region' },
            '.',
            { Ref: 'AWS::URLSuffix' },
          ],
        ],
      });
    });
  });

  describe('JWT authorizer', () => {
    it('trusts the data stack’s user pool, for tokens issued to the console’s client made here', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Issuer: poolIssuer,
          Audience: [{ Ref: template.getResourceId('AWS::Cognito::UserPoolClient') }],
        },
      });
    });

    it('trusts an issuer given by context instead, and makes no user pool', () => {
      const external = synthesizeApp(EXTERNAL_ISSUER);
      external.dataTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
      external.appTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
      external.appTemplate.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
      external.appTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: {
          Issuer: 'https://login.example.org/realms/news',
          Audience: ['console', 'newsroom'],
        },
      });
      expect(external.stack.api.editorSignIn).toBeUndefined();
      expect(Object.keys(external.dataTemplate.toJSON().Outputs)).not.toContain('UserPoolId');
    });

    it('refuses to run without the data stack’s pool unless an issuer is given, and a pool beside an issuer', () => {
      const withPool = (context: Record<string, unknown>, editorPool: 'given' | 'left out') => () => {
        const app = appIn(context);
        const data = new SyndicationDataStack(app, 'Syndication-Data');
        new SyndicationAppStack(app, 'Syndication-App', {
          table: data.articleTable.table,
          bucket: data.siteBucket.bucket,
          partnerSecret: data.partnerSecrets,
          editorPool:
            editorPool === 'given' ? UserPool.fromUserPoolId(data, 'Pool', 'eu-west-1_Example') : undefined,
        });
      };
      expect(withPool({}, 'left out')).toThrow(/pass the data stack’s editorPool/);
      expect(withPool(EXTERNAL_ISSUER, 'given')).toThrow(/takes no editorPool/);
    });

    it('refuses half an external issuer', () => {
      expect(() => synthesizeApp({ editorIssuer: 'https://login.example.org' })).toThrow(
        /editorIssuer and editorAudience go together/,
      );
    });

    it('gives the console the external issuer’s sign-in, and refuses an issuer without its endpoints', () => {
      const external = synthesizeApp(EXTERNAL_ISSUER);
      expect(external.stack.editorConsole.connectOrigins).toEqual(['https://login.example.org']);
      const revoking = synthesizeApp({
        ...EXTERNAL_ISSUER,
        editorRevocationEndpoint: 'https://revoke.example.org/realms/news/protocol/openid-connect/revoke',
      });
      expect(revoking.stack.editorConsole.connectOrigins).toEqual([
        'https://login.example.org',
        'https://revoke.example.org',
      ]);
      const { editorTokenEndpoint: _, ...withoutTokenEndpoint } = EXTERNAL_ISSUER;
      expect(() => synthesizeApp(withoutTokenEndpoint)).toThrow(
        /needs editorAuthorizationEndpoint and editorTokenEndpoint/,
      );
    });
  });

  describe('stage', () => {
    it('is the auto-deployed $default stage, throttled by default', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: DEFAULT_API_THROTTLE.rateLimit,
          ThrottlingBurstLimit: DEFAULT_API_THROTTLE.burstLimit,
        },
      });
    });

    it('records per-route metrics for the partner route alone, which the ingest 5xx alarm reads', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
      expect(stage?.Properties.RouteSettings).toEqual({
        [PARTNER_ROUTE_KEY]: { DetailedMetricsEnabled: true },
      });
      expect(stage?.Properties.DefaultRouteSettings.DetailedMetricsEnabled).toBeUndefined();
      // The route must exist before the stage names it.
      expect(JSON.stringify(stage?.DependsOn)).toMatch(/POSTv1partners/);
      const [alarm] = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: '5xx' } }),
      );
      expect(alarm?.Properties.Dimensions).toContainEqual({ Name: 'Route', Value: PARTNER_ROUTE_KEY });
      expect(PARTNER_ROUTE_KEY).toBe('POST /v1/partners/{partnerId}/articles');
    });

    it('takes its throttling from context', () => {
      synthesizeApp({ apiRateLimit: 7, apiBurstLimit: '9' }).appTemplate.hasResourceProperties(
        'AWS::ApiGatewayV2::Stage',
        { DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 } },
      );
      expect(() => synthesizeApp({ apiRateLimit: 'fast' })).toThrow(/apiRateLimit must be a positive number/);
    });

    it('writes one JSON access log line per request to a log group kept for a month', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]?.Properties;
      const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
      expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({
        RetentionInDays: 30,
      });
      const format = JSON.parse(stage.AccessLogSettings.Format);
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      });
    });

    it('outputs the API’s URL', () => {
      template.hasOutput('ApiUrl', {
        Value: {
          'Fn::Join': [
            '',
            Match.arrayWith([{ Ref: template.getResourceId('AWS::ApiGatewayV2::Api') }, '.execute-api.']),
          ],
        },
      });
    });
  });

  describe('editors’ user pool', () => {
    it('lets only an administrator create editors', () => {
      dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
      });
    });

    it('requires MFA with an authenticator app (TOTP), never SMS', () => {
      dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      });
    });

    it('requires strong passwords', () => {
      dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
    });

    it('enforces threat protection (the Plus plan)', () => {
      dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
    });

    it('is state, in the data stack: retained and protected, so the editors’ accounts and MFA enrolments outlive the app stack', () => {
      synthesized.appTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
      dataTemplate.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      });
    });

    it('has a client for the console and synd login: authorization code (with PKCE) only, no secret, back to /editor/ or the CLI’s loopback', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        UserPoolId: importOf(dataTemplate, { Ref: dataTemplate.getResourceId('AWS::Cognito::UserPool') }),
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: ['https://news.example/editor/', CLI_SIGN_IN_REDIRECT_URI],
        LogoutURLs: ['https://news.example/editor/'],
        SupportedIdentityProviders: ['COGNITO'],
        PreventUserExistenceErrors: 'ENABLED',
      });
    });

    it('has a hosted sign-in domain derived from the stack and account, or given by context', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        UserPoolId: importOf(dataTemplate, { Ref: dataTemplate.getResourceId('AWS::Cognito::UserPool') }),
        Domain: { 'Fn::Join': ['', ['syndication-app-', { Ref: 'AWS::AccountId' }]] },
      });
      synthesizeApp({ editorSignInDomainPrefix: 'news-example-editors' }).appTemplate.hasResourceProperties(
        'AWS::Cognito::UserPoolDomain',
        { Domain: 'news-example-editors' },
      );
    });

    it('tells the console how to sign in: the pool’s issuer and the hosted sign-in’s endpoints', () => {
      const { stack } = synthesized;
      const signIn = stack.resolve(stack.api.editorSignIn);
      const domainId = template.getResourceId('AWS::Cognito::UserPoolDomain');
      const endpoint = (path: string) => ({
        'Fn::Join': [
          '',
          ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, `.amazoncognito.com${path}`],
        ],
      });
      expect(signIn).toEqual({
        issuer: poolIssuer,
        clientId: { Ref: template.getResourceId('AWS::Cognito::UserPoolClient') },
        authorizationEndpoint: endpoint('/oauth2/authorize'),
        tokenEndpoint: endpoint('/oauth2/token'),
        endSessionEndpoint: endpoint('/logout'),
        revocationEndpoint: endpoint('/oauth2/revoke'),
        scopes: ['openid', 'email', 'profile'],
      });
      // Signing out revokes the refresh token there, which the client must allow.
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', { EnableTokenRevocation: true });
    });

    it('outputs the pool (data stack) and the console client (app stack)', () => {
      dataTemplate.hasOutput('UserPoolId', {
        Value: { Ref: dataTemplate.getResourceId('AWS::Cognito::UserPool') },
      });
      expect(Object.keys(template.toJSON().Outputs)).not.toContain('UserPoolId');
      template.hasOutput('EditorClientId', {
        Value: { Ref: template.getResourceId('AWS::Cognito::UserPoolClient') },
      });
    });
  });
});
