import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * `PARTNER_REGISTRY=table`: the function reads the partner registry's non-secret part from the article
 * table (one profile item per partner, managed by `synd partners`), not from a file in the bundle or a
 * variable that would need a redeploy per partner.
 */
export const PARTNER_REGISTRY_IN_TABLE = { PARTNER_REGISTRY: 'table' } as const;

/** What every function that renders the site is configured with, so they all render the same site. */
export interface SiteRenderingSettings {
  /** The article table (the data stack's), read for the current state and the partner registry. */
  readonly table: ITable;
  /** The bucket of the published site (the data stack's), where pages and feeds are written. */
  readonly bucket: IBucket;
  /** Base of every absolute URL in pages and feeds, e.g. `https://news.example` (`PUBLIC_BASE_URL`). */
  readonly publicBaseUrl: string;
  /** Title of the site and its feeds (`SITE_TITLE`); the runtime default when left out. */
  readonly siteTitle?: string;
  /** Description of the site and its feeds (`SITE_DESCRIPTION`); the runtime default when left out. */
  readonly siteDescription?: string;
  /** Language tag of the site's own pages (`SITE_LANGUAGE`); the runtime default when left out. */
  readonly siteLanguage?: string;
  /** The most of an article's body a feed item carries, in bytes (`FEED_EXCERPT_BYTES`); the runtime default when left out. */
  readonly feedExcerptBytes?: number;
  /**
   * The WebSub hubs every feed declares and the publisher and republisher notify (`WEBSUB_HUB_URL`,
   * docs/websub.md), separated by spaces; none when left out.
   */
  readonly websubHubUrl?: string;
}

/**
 * The environment a site-rendering function needs besides the resources it is granted: the base URL,
 * the site's settings and where the partner registry is. The table and bucket names come with their
 * grants (`PipelineFunction.useTable`, `useBucket`).
 */
export function siteRenderingEnvironment(settings: SiteRenderingSettings): Record<string, string> {
  return {
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    ...PARTNER_REGISTRY_IN_TABLE,
    ...(settings.siteTitle === undefined ? {} : { SITE_TITLE: settings.siteTitle }),
    ...(settings.siteDescription === undefined ? {} : { SITE_DESCRIPTION: settings.siteDescription }),
    ...(settings.siteLanguage === undefined ? {} : { SITE_LANGUAGE: settings.siteLanguage }),
    ...(settings.feedExcerptBytes === undefined
      ? {}
      : { FEED_EXCERPT_BYTES: String(settings.feedExcerptBytes) }),
    ...(settings.websubHubUrl === undefined ? {} : { WEBSUB_HUB_URL: settings.websubHubUrl }),
  };
}
