import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleContentSecurityPolicy,
  DATA_CONTENT_SECURITY_POLICY,
  PAGE_CONTENT_SECURITY_POLICY,
} from '../../infra/constructs/content-security-policies';
import { SiteBucket } from '../../infra/constructs/site-bucket';
import {
  CLOUDFRONT_FUNCTION_SOURCES,
  FAVICON_ICO_PATH,
  maxAgeOf,
  NOT_FOUND_CACHING,
  SiteCdn,
  type SiteCdnProps,
} from '../../infra/constructs/site-cdn';
import { CONSOLE_CACHE_CONTROL } from '../../shared/publish/publish-console';
import { siteFurniture } from '../../shared/publish/site-furniture';
import { CACHE_CONTROL } from '../../shared/render/media-types';
import { SiteUrls } from '../../shared/render/site-urls';

const API_DOMAIN = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const COGNITO = 'https://syndication-editors.auth.eu-west-1.amazoncognito.com';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newApp(): App {
  const outdir = mkdtempSync(join(tmpdir(), 'site-cdn-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

/**
 * As the app deploys it: the site bucket in a data stack, the CDN in an app stack that takes the bucket
 * as a prop.
 */
function stacks(props: Partial<SiteCdnProps> = {}, app = newApp()) {
  const data = new Stack(app, 'Data');
  const siteBucket = new SiteBucket(data, 'SiteBucket');
  const site = new Stack(app, 'App');
  const cdn = new SiteCdn(site, 'SiteCdn', {
    bucket: siteBucket.bucket,
    apiDomain: API_DOMAIN,
    editorConnectOrigins: [COGNITO],
    ...props,
  });
  return { app, data, site, cdn, siteBucket };
}

interface Behaviour {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: unknown;
  ResponseHeadersPolicyId?: unknown;
  OriginRequestPolicyId?: unknown;
  AllowedMethods: string[];
  ViewerProtocolPolicy: string;
  Compress?: boolean;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
}

interface Origin {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: unknown;
  S3OriginConfig?: { OriginAccessIdentity?: string };
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] };
}

describe('SiteCdn', () => {
  let template: Template;
  let dataTemplate: Template;
  let config: {
    DefaultCacheBehavior: Behaviour;
    CacheBehaviors: Behaviour[];
    Origins: Origin[];
    [key: string]: unknown;
  };

  beforeAll(() => {
    const { site, data } = stacks();
    template = Template.fromStack(site);
    dataTemplate = Template.fromStack(data);
    config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
      .DistributionConfig;
  });

  /** The behaviour for a path pattern; `default` for the default behaviour. */
  function behaviour(pattern: string): Behaviour {
    const found =
      pattern === 'default'
        ? config.DefaultCacheBehavior
        : config.CacheBehaviors.find((candidate) => candidate.PathPattern === pattern);
    if (!found) throw new Error(`no behaviour ${pattern}`);
    return found;
  }

  /** The properties of the resource a behaviour points at with `{ Ref }`. */
  // biome-ignore lint/suspicious/noExplicitAny: a template fragment, read as the test navigates it
  function referenced(type: string, ref: unknown): Record<string, any> {
    const id = (ref as { Ref?: string }).Ref;
    const resource = id === undefined ? undefined : template.findResources(type)[id];
    if (!resource) throw new Error(`${JSON.stringify(ref)} is not a ${type} of the stack`);
    return resource.Properties;
  }

  function cachePolicyOf(pattern: string) {
    return referenced('AWS::CloudFront::CachePolicy', behaviour(pattern).CachePolicyId).CachePolicyConfig;
  }

  function headersPolicyOf(pattern: string) {
    return referenced('AWS::CloudFront::ResponseHeadersPolicy', behaviour(pattern).ResponseHeadersPolicyId)
      .ResponseHeadersPolicyConfig;
  }

  function originOf(pattern: string): Origin {
    const origin = config.Origins.find((candidate) => candidate.Id === behaviour(pattern).TargetOriginId);
    if (!origin) throw new Error(`no origin for ${pattern}`);
    return origin;
  }

  const SITE_PATTERNS = ['default', 'editor/*', 'feeds/*', 'assets/*', FAVICON_ICO_PATH, '*.json'];

  /**
   * The behaviour CloudFront picks for an object key: the first path pattern in order that matches the
   * whole key (`*` any characters, `?` one), else the default.
   */
  function behaviourFor(key: string): string {
    const matches = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(key);
    return (
      config.CacheBehaviors.find((candidate) => matches(candidate.PathPattern ?? ''))?.PathPattern ??
      'default'
    );
  }

  describe('origin access', () => {
    it('reads the bucket through an origin access control for S3, signing every request, and no OAI', () => {
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: {
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      });
      template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
      for (const pattern of SITE_PATTERNS) {
        const origin = originOf(pattern);
        expect(origin.OriginAccessControlId).toEqual({
          'Fn::GetAtt': [template.getResourceId('AWS::CloudFront::OriginAccessControl'), 'Id'],
        });
        expect(origin.S3OriginConfig?.OriginAccessIdentity ?? '').toBe('');
      }
    });

    it("leaves the bucket's policy to the data stack: the app stack has none for it", () => {
      // The only bucket policy in the app stack is the one of its own access log bucket.
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      expect(policies.map((policy) => policy.Properties.Bucket)).toEqual([
        { Ref: template.getResourceId('AWS::S3::Bucket') },
      ]);
    });

    it('lets any distribution of the account read objects, GetObject only, from the bucket policy', () => {
      const statements = Object.values(dataTemplate.findResources('AWS::S3::BucketPolicy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
      );
      const cloudFront = statements.filter((statement) =>
        JSON.stringify(statement.Principal).includes('cloudfront.amazonaws.com'),
      );
      expect(cloudFront).toEqual([
        {
          Sid: 'CloudFrontReadsTheSite',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: {
            'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^SiteBucket/), 'Arn'] }, '/*']],
          },
          Condition: {
            ArnLike: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/*',
                  ],
                ],
              },
            },
            StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        },
      ]);
    });

    it('makes the app stack depend on the data stack and never the other way (no cycle)', () => {
      const { app, data, site } = stacks();
      expect(() => app.synth()).not.toThrow();
      expect(site.dependencies).toContain(data);
      expect(data.dependencies).not.toContain(site);
    });

    it('acknowledges the warning that it does not edit the bucket policy, which CDK gives otherwise', () => {
      const warningsAbout = (stack: Stack) =>
        JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).includes(
          'updateImportedBucketPolicyOac',
        );
      const { site } = stacks();
      expect(warningsAbout(site)).toBe(false);
      const bare = new Stack(newApp(), 'Bare');
      new Distribution(bare, 'Distribution', {
        defaultBehavior: {
          origin: S3BucketOrigin.withOriginAccessControl(Bucket.fromBucketName(bare, 'Site', 'site-bucket')),
        },
      });
      expect(warningsAbout(bare)).toBe(true);
    });

    it('can leave the bucket unreadable by CloudFront when asked (readableByCloudFront: false)', () => {
      const stack = new Stack(newApp(), 'Data');
      new SiteBucket(stack, 'SiteBucket', { readableByCloudFront: false });
      const policies = JSON.stringify(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
      expect(policies).not.toContain('cloudfront.amazonaws.com');
    });
  });

  describe('behaviours', () => {
    it('sends /v1/* to the HTTP API over HTTPS, uncached, with every method and viewer header but Host', () => {
      const api = behaviour('v1/*');
      expect(originOf('v1/*')).toMatchObject({
        DomainName: API_DOMAIN,
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      });
      expect(api).toMatchObject({
        // AWS managed policies: CachingDisabled and AllViewerExceptHostHeader.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        ViewerProtocolPolicy: 'https-only',
      });
      expect([...api.AllowedMethods].sort()).toEqual(
        ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
      );
    });

    it('serves everything else from the bucket, GET and HEAD only, redirecting plain HTTP', () => {
      const bucketOrigin = originOf('default');
      for (const pattern of SITE_PATTERNS) {
        expect(originOf(pattern)).toBe(bucketOrigin);
        expect(behaviour(pattern)).toMatchObject({
          AllowedMethods: ['GET', 'HEAD'],
          ViewerProtocolPolicy: 'redirect-to-https',
        });
        expect(behaviour(pattern).OriginRequestPolicyId).toBeUndefined();
      }
    });

    it('matches editor/* before *.json, so the console config is the console’s', () => {
      const order = config.CacheBehaviors.map((candidate) => candidate.PathPattern);
      expect(order.indexOf('editor/*')).toBeLessThan(order.indexOf('*.json'));
      expect(order.indexOf('feeds/*')).toBeLessThan(order.indexOf('*.json'));
    });

    it('compresses everything it serves from the bucket', () => {
      for (const pattern of SITE_PATTERNS) expect(behaviour(pattern).Compress).toBe(true);
    });

    it('speaks HTTP/2 and HTTP/3, and IPv6', () => {
      expect(config).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true });
    });
  });

  describe('cache policies', () => {
    it.each([
      ['default', CACHE_CONTROL.page],
      ['*.json', CACHE_CONTROL.page],
      ['feeds/*', CACHE_CONTROL.feed],
      ['assets/*', CACHE_CONTROL.asset],
    ])('%s follows the object’s Cache-Control and keeps it no longer than "%s" says', (pattern, header) => {
      expect(cachePolicyOf(pattern)).toMatchObject({
        MinTTL: 0,
        DefaultTTL: maxAgeOf(header),
        MaxTTL: maxAgeOf(header),
      });
    });

    it.each([
      ['favicon.ico', FAVICON_ICO_PATH],
      ['assets/site.css', 'assets/*'],
      ['feeds/partners/p/rss.xml', 'feeds/*'],
      ['editor/config.json', 'editor/*'],
      ['articles/a-slug.json', '*.json'],
      ['articles/a-slug.html', 'default'],
    ])('serves %s under the behaviour %s (the matcher the next test relies on)', (key, pattern) => {
      expect(behaviourFor(key)).toBe(pattern);
    });

    it('keeps each piece of site furniture (stylesheet, icons, 404 page) as long as its own Cache-Control says', () => {
      const urls = new SiteUrls('https://news.example');
      const furniture = siteFurniture(urls, { title: 'Articles', description: 'Articles.', language: 'en' });
      expect(furniture.map((object) => object.key)).toContain(FAVICON_ICO_PATH);
      for (const object of furniture) {
        const policy = cachePolicyOf(behaviourFor(object.key));
        expect({ key: object.key, maxTtl: policy.MaxTTL }).toEqual({
          key: object.key,
          maxTtl: maxAgeOf(object.cacheControl),
        });
      }
    });

    it('keeps pages and feeds for a minute at most, assets for longer', () => {
      expect(cachePolicyOf('default').MaxTTL).toBe(60);
      expect(cachePolicyOf('feeds/*').MaxTTL).toBe(60);
      expect(cachePolicyOf('assets/*').MaxTTL).toBeGreaterThan(cachePolicyOf('default').MaxTTL);
    });

    it('keeps a feed WebSub hubs are told of no longer than its max-age of 0: the edge revalidates it on each fetch (decision 0048)', () => {
      expect(maxAgeOf(CACHE_CONTROL.pushedFeed)).toBe(0);
      // An object's own max-age below the policy's default wins while the minimum is 0.
      expect(cachePolicyOf('feeds/*').MinTTL).toBe(0);
      expect(behaviourFor('feeds/languages/ar/atom.xml')).toBe('feeds/*');
    });

    it('keeps nothing of the console it has not revalidated (no-cache)', () => {
      expect(maxAgeOf(CONSOLE_CACHE_CONTROL)).toBe(0);
      expect(cachePolicyOf('editor/*')).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
      expect(cachePolicyOf('editor/*').MaxTTL).toBeLessThanOrEqual(1);
    });

    it.each(SITE_PATTERNS)(
      '%s keys on the path alone: no query string (so no ?versionId=), cookie or header reaches S3',
      (pattern) => {
        expect(cachePolicyOf(pattern).ParametersInCacheKeyAndForwardedToOrigin).toEqual({
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        });
      },
    );

    it('reads max-age, and no-cache as 0, from a Cache-Control value', () => {
      expect(maxAgeOf('public, max-age=60, stale-while-revalidate=300')).toBe(60);
      expect(maxAgeOf('no-cache')).toBe(0);
      expect(() => maxAgeOf('public')).toThrow(/no max-age/);
    });
  });

  describe('response headers', () => {
    it.each(SITE_PATTERNS.concat('v1/*'))(
      '%s sends HSTS, nosniff, frame DENY and a referrer policy',
      (pattern) => {
        expect(headersPolicyOf(pattern).SecurityHeadersConfig).toMatchObject({
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        });
      },
    );

    it.each([
      ['default', PAGE_CONTENT_SECURITY_POLICY],
      ['assets/*', PAGE_CONTENT_SECURITY_POLICY],
      ['feeds/*', DATA_CONTENT_SECURITY_POLICY],
      ['*.json', DATA_CONTENT_SECURITY_POLICY],
      ['v1/*', DATA_CONTENT_SECURITY_POLICY],
      ['editor/*', consoleContentSecurityPolicy([COGNITO])],
    ])('%s sends the content security policy %s', (pattern, policy) => {
      expect(headersPolicyOf(pattern).SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
        ContentSecurityPolicy: policy,
        Override: true,
      });
    });

    it('lets the console connect to its identity provider, and nothing else off its origin', () => {
      const policy = headersPolicyOf('editor/*').SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy as string;
      expect(policy).toContain(`connect-src 'self' ${COGNITO};`);
      expect(policy).toContain("script-src 'self';");
      expect(policy).not.toContain('unsafe');
    });

    it.each(['feeds/*', '*.json'])(
      '%s allows any origin to read it (CORS *), without credentials',
      (pattern) => {
        expect(headersPolicyOf(pattern).CorsConfig).toEqual({
          AccessControlAllowOrigins: { Items: ['*'] },
          AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
          AccessControlAllowHeaders: { Items: ['*'] },
          AccessControlAllowCredentials: false,
          OriginOverride: true,
        });
      },
    );

    it.each(['default', 'assets/*', 'editor/*', 'v1/*'])('%s sends no CORS headers', (pattern) => {
      expect(headersPolicyOf(pattern).CorsConfig).toBeUndefined();
    });

    it('refuses an editor connect origin that is not a bare https origin', () => {
      expect(() =>
        stacks({ editorConnectOrigins: ["https://idp.example; script-src 'unsafe-inline'"] }),
      ).toThrow(/not an https origin/);
      expect(() => stacks({ editorConnectOrigins: ['http://idp.example'] })).toThrow(/not an https origin/);
    });
  });

  describe('functions', () => {
    function functionIdOf(file: string): string {
      const code = readFileSync(file, 'utf8');
      return template.getResourceId('AWS::CloudFront::Function', {
        Properties: {
          FunctionCode: code,
          FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
        },
      });
    }

    function associations(pattern: string): Record<string, string> {
      return Object.fromEntries(
        (behaviour(pattern).FunctionAssociations ?? []).map((association) => [
          association.EventType,
          (association.FunctionARN as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
        ]),
      );
    }

    it('deploys both functions from their sources, on the JavaScript 2.0 runtime, published', () => {
      for (const file of Object.values(CLOUDFRONT_FUNCTION_SOURCES)) {
        expect(functionIdOf(file)).toBeTruthy();
      }
      template.allResourcesProperties('AWS::CloudFront::Function', { AutoPublish: true });
    });

    it.each(['default', 'editor/*'])(
      '%s maps directory addresses to index.html on viewer request',
      (pattern) => {
        expect(associations(pattern)['viewer-request']).toBe(
          functionIdOf(CLOUDFRONT_FUNCTION_SOURCES.viewerRequest),
        );
      },
    );

    it.each(SITE_PATTERNS)('%s answers the stored http-status on viewer response', (pattern) => {
      expect(associations(pattern)['viewer-response']).toBe(
        functionIdOf(CLOUDFRONT_FUNCTION_SOURCES.viewerResponse),
      );
    });

    it("checks a delivery's declared length on the API's viewer request, and nothing on its response", () => {
      expect(associations('v1/*')).toEqual({
        'viewer-request': functionIdOf(CLOUDFRONT_FUNCTION_SOURCES.apiViewerRequest),
      });
    });
  });

  describe('errors', () => {
    it("answers S3's 403 for a missing key with /404.html and status 404, cached briefly", () => {
      expect(config.CustomErrorResponses).toEqual([
        {
          ErrorCode: 403,
          ResponseCode: 404,
          ResponsePagePath: '/404.html',
          ErrorCachingMinTTL: NOT_FOUND_CACHING.toSeconds(),
        },
      ]);
      expect(NOT_FOUND_CACHING.toSeconds()).toBeLessThanOrEqual(maxAgeOf(CACHE_CONTROL.page));
    });

    it("never rewrites a 404, which comes from the API's problem documents, not from the bucket", () => {
      const codes = (config.CustomErrorResponses as { ErrorCode: number }[]).map(
        (response) => response.ErrorCode,
      );
      expect(codes).not.toContain(404);
    });
  });

  describe('access logs', () => {
    it('logs every request to a private, encrypted, retained log bucket that expires old logs', () => {
      const logBucketId = template.getResourceId('AWS::S3::Bucket');
      expect(config.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
      });
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          // CloudFront's legacy standard logging writes through an ACL grant.
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
          LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
        }),
      });
    });
  });

  describe('domain', () => {
    it("answers on the distribution's own domain with its default certificate when no domain is given", () => {
      const { cdn, site } = stacks();
      expect(site.resolve(cdn.publicBaseUrl)).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), 'DomainName'] }]],
      });
      expect(config.Aliases).toBeUndefined();
      expect(config.ViewerCertificate).toBeUndefined();
    });

    it('answers on a custom domain with its us-east-1 certificate and TLS 1.2 (2021) at least', () => {
      const certificateArn =
        'arn:aws:acm:us-east-1:123456789012:certificate/0f6b5a8e-1111-2222-3333-444455556666';
      const { cdn, site } = stacks({ domainName: 'news.example.com', certificateArn });
      expect(cdn.publicBaseUrl).toBe('https://news.example.com');
      Template.fromStack(site).hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['news.example.com'],
          ViewerCertificate: {
            AcmCertificateArn: certificateArn,
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          },
        }),
      });
    });

    it('refuses a domain without a certificate, and a certificate without a domain', () => {
      expect(() => stacks({ domainName: 'news.example.com' })).toThrow(/together/);
      expect(() => stacks({ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' })).toThrow(
        /together/,
      );
    });
  });
});

/** One finding in the CDK validation report (`validation-report.json`) that cdk-nag 3 feeds. */
interface ReportedViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

describe('cdk-nag AwsSolutions on SiteCdn', () => {
  /** Every finding, warnings included, not acknowledged, as `rule path`. */
  function findings(build: (app: App) => void): string[] {
    const app = newApp();
    build(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch {
      // Findings make the synth throw; the report is written either way.
    }
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: ReportedViolation[] }[];
    };
    return report.pluginReports
      .flatMap((plugin) => plugin.violations)
      .flatMap((violation) =>
        violation.violatingConstructs.map((construct) => `${violation.ruleName} ${construct.constructPath}`),
      );
  }

  it('reports nothing unacknowledged, warnings included, without a custom domain', () => {
    expect(findings((app) => stacks({}, app))).toEqual([]);
  });

  it('reports nothing unacknowledged with a custom domain, and no longer acknowledges CFR4 there', () => {
    const certificateArn =
      'arn:aws:acm:us-east-1:123456789012:certificate/0f6b5a8e-1111-2222-3333-444455556666';
    let cdn: SiteCdn | undefined;
    expect(
      findings((app) => {
        cdn = stacks({ domainName: 'news.example.com', certificateArn }, app).cdn;
      }),
    ).toEqual([]);
    const acknowledged = cdn?.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.keys(entry.data as Record<string, string>)),
      );
    expect(acknowledged?.map((id) => id.replace(/^Annotation::/, '')).sort()).toEqual(
      ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-S1'].sort(),
    );
  });

  it('acknowledges CFR1, CFR2, CFR4 on the distribution and S1 on the log bucket alone', () => {
    const { cdn } = stacks();
    const acknowledged = cdn.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
        .map((id) => `${id.replace(/^Annotation::/, '')} ${construct.node.path}`),
    );
    expect(acknowledged.sort()).toEqual(
      [
        'AwsSolutions-CFR1 App/SiteCdn/Distribution',
        'AwsSolutions-CFR2 App/SiteCdn/Distribution',
        'AwsSolutions-CFR4 App/SiteCdn/Distribution',
        'AwsSolutions-S1 App/SiteCdn/AccessLogs',
      ].sort(),
    );
  });

  it('does report findings when there are some (the checks above can fail)', () => {
    expect(findings((app) => new Bucket(new Stack(app, 'Bare'), 'Bucket'))).toEqual(
      expect.arrayContaining(['AwsSolutions-S1 Bare/Bucket/Resource']),
    );
  });
});
