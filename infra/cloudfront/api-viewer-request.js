// CloudFront Function (JavaScript runtime 2.0), viewer request of the `/v1/*` behaviour (the HTTP API).
// CONTRACT §1: a delivery's body is at most 5.5 MiB, and the ingest answers 413 above it. In AWS the
// body reaches the ingest only inside a Lambda event of at most 6,291,456 bytes, so a larger body
// never reaches it, and API Gateway answers with an error of its own instead of the problem document.
// This answers the ingest's own 413 (shared/ingest/ingest-delivery.ts, problem `payload-too-large`)
// at the edge, for a delivery whose declared `Content-Length` is over the limit; edge functions may
// read that header in viewer requests, though not change it. A delivery that declares no length
// (chunked, or HTTP/2 without the header) goes on: the function never sees a body, and refusing it
// would refuse a legitimate small delivery. docs/deploy.md says what such a body gets above 6 MB.

// MAX_DELIVERY_BYTES of shared/ingest/ingest-delivery.ts (5.5 MiB); a unit test holds them equal.
const MAX_DELIVERY_BYTES = 5767168;
// API Gateway routes a path with trailing slashes as the path without them.
const DELIVERY_PATH = /^\/v1\/partners\/[^/]+\/articles\/*$/;

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the top-level `handler` by name
function handler(event) {
  const request = event.request;
  if (request.method !== 'POST' || !DELIVERY_PATH.test(request.uri)) return request;
  const declared = request.headers['content-length'];
  if (!declared || !/^\d+$/.test(declared.value)) return request;
  const length = Number(declared.value);
  if (length <= MAX_DELIVERY_BYTES) return request;
  const problem = {
    type: '/problems/payload-too-large',
    title: 'Payload too large',
    status: 413,
    detail: `The body is ${length} bytes; the limit is 5.5 MiB.`,
    instance: request.uri,
  };
  return {
    statusCode: 413,
    statusDescription: 'Payload Too Large',
    headers: { 'content-type': { value: 'application/problem+json' } },
    body: { encoding: 'text', data: JSON.stringify(problem) },
  };
}
