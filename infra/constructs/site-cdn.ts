import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IOrigin,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONSOLE_CACHE_CONTROL, CONSOLE_KEY_PREFIX } from '../../shared/publish/publish-console';
import { CACHE_CONTROL } from '../../shared/render/media-types';
import {
  consoleContentSecurityPolicy,
  DATA_CONTENT_SECURITY_POLICY,
  PAGE_CONTENT_SECURITY_POLICY,
} from './content-security-policies';

/** The CloudFront Functions' sources: plain JavaScript for CloudFront's runtime 2.0, unit-tested as such. */
export const CLOUDFRONT_FUNCTION_SOURCES = {
  viewerRequest: fileURLToPath(new URL('../cloudfront/viewer-request.js', import.meta.url)),
  viewerResponse: fileURLToPath(new URL('../cloudfront/viewer-response.js', import.meta.url)),
  apiViewerRequest: fileURLToPath(new URL('../cloudfront/api-viewer-request.js', import.meta.url)),
} as const;

/**
 * The ICO icon at the site's root (`SiteUrls.faviconIco`), an asset written with the assets'
 * `Cache-Control` but outside `assets/`, where browsers look for it unasked.
 */
export const FAVICON_ICO_PATH = 'favicon.ico';

/**
 * How long the CDN keeps the 404 page it serves for a missing key before asking the bucket again: a
 * missing article page may be published any second.
 */
export const NOT_FOUND_CACHING = Duration.seconds(10);

/** How long the CDN's access logs are kept. */
export const ACCESS_LOG_RETENTION = Duration.days(90);

/**
 * The `max-age` of a `Cache-Control` value, in seconds; 0 for `no-cache` or `no-store`, which allow
 * a cache to keep nothing it has not revalidated.
 */
export function maxAgeOf(cacheControl: string): number {
  const directives = cacheControl.split(',').map((directive) => directive.trim().toLowerCase());
  if (directives.includes('no-cache') || directives.includes('no-store')) return 0;
  const maxAge = directives.find((directive) => directive.startsWith('max-age='));
  const seconds = Number(maxAge?.slice('max-age='.length));
  if (maxAge === undefined || !Number.isInteger(seconds) || seconds < 0) {
    throw new Error(`no max-age in Cache-Control "${cacheControl}"`);
  }
  return seconds;
}

/** Properties of {@link SiteCdn}. */
export interface SiteCdnProps {
  /** The private site bucket (data stack). Its policy already lets the account's distributions read it. */
  readonly bucket: IBucket;
  /** The HTTP API's host (`<api-id>.execute-api.<region>.amazonaws.com`), served under `/v1/`. */
  readonly apiDomain: string;
  /** The site's own host name, e.g. `news.example.com`; needs {@link certificateArn}. */
  readonly domainName?: string;
  /** An ACM certificate in us-east-1 covering {@link domainName}. */
  readonly certificateArn?: string;
  /**
   * Origins the editor console calls besides its own (an OIDC token and revocation endpoint's, e.g.
   * the Cognito domain), for its `connect-src`.
   */
  readonly editorConnectOrigins?: readonly string[];
}

/**
 * The public face of the pipeline: one CloudFront distribution serving the site bucket (pages, feeds,
 * article JSON, assets, and the editor console under `editor/`) through origin access control, and the
 * HTTP API under `/v1/`, so the console calls its API on its own origin.
 *
 * Freshness comes from short TTLs that follow the publisher's `Cache-Control`, not from invalidations
 * (docs/cdn.md, decision 0028). Query strings and cookies never reach the bucket, so no object version
 * other than the current one can be fetched (`?versionId=`). A missing key answers 403 from S3 (no
 * `s3:ListBucket`), which the distribution answers with the site's `404.html` and status 404; a page
 * the publisher marked with `http-status` answers that status (viewer-response function).
 */
export class SiteCdn extends Construct {
  /** The distribution. */
  public readonly distribution: Distribution;
  /** Where readers find the site: `https://` and the custom domain, else the distribution's domain. */
  public readonly publicBaseUrl: string;
  /** The bucket receiving the distribution's standard access logs. */
  public readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: SiteCdnProps) {
    super(scope, id);
    if ((props.domainName === undefined) !== (props.certificateArn === undefined)) {
      throw new Error('SiteCdn: give domainName and certificateArn together, or neither');
    }
    for (const origin of props.editorConnectOrigins ?? []) assertOrigin(origin);

    const site = siteOrigin(this, props.bucket);
    const api = new HttpOrigin(props.apiDomain);
    const viewerRequest = new CloudFrontFunction(this, 'ViewerRequest', {
      code: FunctionCode.fromFile({ filePath: CLOUDFRONT_FUNCTION_SOURCES.viewerRequest }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serves index.html for addresses ending in /',
    });
    const viewerResponse = new CloudFrontFunction(this, 'ViewerResponse', {
      code: FunctionCode.fromFile({ filePath: CLOUDFRONT_FUNCTION_SOURCES.viewerResponse }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Answers the status stored in the object metadata http-status (410 for a removed article)',
    });
    const apiViewerRequest = new CloudFrontFunction(this, 'ApiViewerRequest', {
      code: FunctionCode.fromFile({ filePath: CLOUDFRONT_FUNCTION_SOURCES.apiViewerRequest }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Answers 413 problem+json for a partner delivery that declares more than 5.5 MiB',
    });

    const cachePolicies = {
      page: followOrigin(this, 'PageCache', CACHE_CONTROL.page, 'Pages and article JSON'),
      feed: followOrigin(this, 'FeedCache', CACHE_CONTROL.feed, 'Feeds'),
      asset: followOrigin(this, 'AssetCache', CACHE_CONTROL.asset, 'Stylesheet and icons'),
      console: followOrigin(this, 'ConsoleCache', CONSOLE_CACHE_CONTROL, 'Editor console'),
    };
    const headers = {
      page: headersPolicy(this, 'PageHeaders', PAGE_CONTENT_SECURITY_POLICY, 'Pages and assets'),
      data: headersPolicy(
        this,
        'DataHeaders',
        DATA_CONTENT_SECURITY_POLICY,
        'Feeds and JSON, for any origin',
        {
          cors: true,
        },
      ),
      console: headersPolicy(
        this,
        'ConsoleHeaders',
        consoleContentSecurityPolicy(props.editorConnectOrigins),
        'Editor console',
      ),
      api: headersPolicy(this, 'ApiHeaders', DATA_CONTENT_SECURITY_POLICY, 'HTTP API'),
    };

    const fromBucket = (
      cachePolicy: CachePolicy,
      responseHeadersPolicy: ResponseHeadersPolicy,
      options: { directoryIndex?: boolean } = {},
    ): BehaviorOptions => ({
      origin: site,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy,
      compress: true,
      functionAssociations: [
        ...(options.directoryIndex
          ? [{ function: viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }]
          : []),
        { function: viewerResponse, eventType: FunctionEventType.VIEWER_RESPONSE },
      ],
    });

    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are written by its log delivery account through an ACL grant.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogsBucket = logs;

    const certificate =
      props.certificateArn === undefined
        ? undefined
        : Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn);

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Syndicated site, editor console and API',
      defaultBehavior: fromBucket(cachePolicies.page, headers.page, { directoryIndex: true }),
      // Order matters: CloudFront takes the first pattern that matches, so editor/config.json is the
      // console's, not a public JSON document.
      additionalBehaviors: {
        [`${CONSOLE_KEY_PREFIX}*`]: fromBucket(cachePolicies.console, headers.console, {
          directoryIndex: true,
        }),
        'v1/*': {
          origin: api,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers.api,
          compress: true,
          // Lambda's event cap keeps a body over about 6 MB from the ingest, which would answer 413.
          functionAssociations: [{ function: apiViewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        'feeds/*': fromBucket(cachePolicies.feed, headers.data),
        'assets/*': fromBucket(cachePolicies.asset, headers.page),
        [FAVICON_ICO_PATH]: fromBucket(cachePolicies.asset, headers.page),
        '*.json': fromBucket(cachePolicies.page, headers.data),
      },
      errorResponses: [
        // S3 answers 403 for a missing key: the distribution may not list the bucket. Only 403: a 404
        // comes from the API (a problem document the console reads), never from the bucket.
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: NOT_FOUND_CACHING },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(certificate && props.domainName
        ? {
            certificate,
            domainNames: [props.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.publicBaseUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    this.acknowledgeFindings(logs, certificate === undefined);
  }

  private acknowledgeFindings(logs: Bucket, defaultCertificate: boolean): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The site is published for every reader: nothing in the pipeline or its partner registry restricts articles by country, so there is no geography to allow or deny.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Behind the distribution are static objects, read-only and cached, and the HTTP API, which has stage throttling, refuses a partner delivery whose signature fails before any work, and keeps the editor routes behind a JWT authorizer. A web ACL (a monthly fee plus per-rule and per-request charges) is an operator choice documented in docs/cdn.md.',
      },
      ...(defaultCertificate
        ? [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                "Without a custom domain the distribution can only use CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1. Deploying with domainName and certificateArn sets TLSv1.2_2021.",
            },
          ]
        : []),
    );
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the access logs of the distribution; logging the access to the logs would need a further bucket for no reader.',
    });
  }
}

/**
 * The bucket as an S3 origin with origin access control, without adding the statement naming this
 * distribution to the bucket's policy: that policy belongs to the data stack, and a statement naming a
 * distribution of the app stack would make the two stacks depend on each other. The origin is built on
 * a reference to the bucket, which CDK cannot edit; the data stack's `SiteBucket` grants the read
 * (`cloudFrontReadStatement`).
 */
function siteOrigin(scope: Construct, bucket: IBucket): IOrigin {
  const reference = Bucket.fromBucketAttributes(scope, 'SiteBucket', {
    bucketArn: bucket.bucketArn,
    bucketName: bucket.bucketName,
    bucketRegionalDomainName: bucket.bucketRegionalDomainName,
  });
  Annotations.of(scope).acknowledgeWarning(
    '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
    "The site bucket's own policy grants the account's distributions s3:GetObject (SiteBucket, data stack).",
  );
  return S3BucketOrigin.withOriginAccessControl(reference);
}

/**
 * A cache policy that follows the object's own `Cache-Control` (the publisher's, `cacheControl` here) and
 * never keeps an object longer than that `max-age`, nor for longer when the header is missing. The cache
 * key is the path alone: no query string, cookie or header, so none reaches the bucket either. Gzip and
 * Brotli variants are cached apart.
 */
function followOrigin(scope: Construct, id: string, cacheControl: string, comment: string): CachePolicy {
  const maxAge = Duration.seconds(maxAgeOf(cacheControl));
  return new CachePolicy(scope, id, {
    comment: `${comment}: ${cacheControl}`,
    minTtl: Duration.seconds(0),
    defaultTtl: maxAge,
    // CloudFront needs a maximum above zero to compress; a no-cache object is still never kept unrevalidated.
    maxTtl: maxAge.toSeconds() === 0 ? Duration.seconds(1) : maxAge,
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
}

/** HSTS for two years, no MIME sniffing, no framing, the origin alone as referrer abroad. */
function securityHeaders(contentSecurityPolicy: string): ResponseSecurityHeadersBehavior {
  return {
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    contentSecurityPolicy: { contentSecurityPolicy, override: true },
  };
}

function headersPolicy(
  scope: Construct,
  id: string,
  contentSecurityPolicy: string,
  comment: string,
  options: { cors?: boolean } = {},
): ResponseHeadersPolicy {
  return new ResponseHeadersPolicy(scope, id, {
    comment,
    securityHeadersBehavior: securityHeaders(contentSecurityPolicy),
    ...(options.cors
      ? {
          // Anyone's page may read the feeds and article JSON with fetch: they are public, and no
          // credential is ever sent or honoured.
          corsBehavior: {
            accessControlAllowOrigins: ['*'],
            accessControlAllowMethods: ['GET', 'HEAD'],
            accessControlAllowHeaders: ['*'],
            accessControlAllowCredentials: false,
            originOverride: true,
          },
        }
      : {}),
  });
}

/** An origin for a CSP source list: `https://host[:port]` and nothing else, or a token resolved at deploy. */
function assertOrigin(origin: string): void {
  if (Token.isUnresolved(origin)) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:' || parsed.origin !== origin) {
    throw new Error(`SiteCdn: editorConnectOrigins entry "${origin}" is not an https origin`);
  }
}
