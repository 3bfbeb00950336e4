// CloudFront Function (JavaScript runtime 2.0), viewer request of the site's S3 behaviours.
// S3 has no directory indexes behind origin access control: an address ending in `/` is served from
// its `index.html`, as `npm start`'s server does (local/cdn/serve-site-object.ts). The console's sign-in
// redirect URI is `/editor/`, so `/editor` without its slash is sent there.

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the top-level `handler` by name
function handler(event) {
  const request = event.request;
  if (request.uri === '/editor') {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/editor/' }, 'cache-control': { value: 'public, max-age=3600' } },
    };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}
