/**
 * How much of an article's body a feed item carries unless the site says otherwise: 16 KiB. A file of
 * its own so that the runtime configuration, which every function loads, does not import the HTML
 * parser the excerpt is cut with (docs/decisions/0042-lean-lambda-bundles.md).
 */
export const DEFAULT_FEED_EXCERPT_BYTES = 16 * 1024;
