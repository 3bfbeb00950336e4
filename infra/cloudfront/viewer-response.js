// CloudFront Function (JavaScript runtime 2.0), viewer response of the site's S3 behaviours.
// S3 cannot store a status, so the publisher marks an object with the user metadata `http-status`
// (shared/adapters/s3/s3-site-bucket.ts HTTP_STATUS_METADATA), which S3 returns as the header
// `x-amz-meta-http-status`: a taken-down article's page is stored with `410`. This answers the status
// the way `npm start`'s server does (local/cdn/serve-site-object.ts): only a 4xx, and only in place of
// a 200, so a 304 or an error stays what it is. The object's metadata is ours, not the reader's: every
// `x-amz-meta-*` header is dropped.

const STATUS_HEADER = 'x-amz-meta-http-status';
const REASONS = { 404: 'Not Found', 410: 'Gone', 451: 'Unavailable For Legal Reasons' };

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the top-level `handler` by name
function handler(event) {
  const response = event.response;
  const headers = response.headers;
  const marked = headers[STATUS_HEADER];
  if (response.statusCode === 200 && marked && /^4\d\d$/.test(marked.value)) {
    const status = Number(marked.value);
    response.statusCode = status;
    response.statusDescription = REASONS[status] || 'Client Error';
  }
  // for-in: the runtime (ES 5.1 and some later features) has no for-of.
  for (var name in headers) {
    if (name.startsWith('x-amz-meta-')) delete headers[name];
  }
  return response;
}
