/** One route of the editor API, in API Gateway's route syntax (`/v1/articles/{articleId}`). */
export interface EditorRoute {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
}

/**
 * Every route of the editor API (CONTRACT §4). API Gateway (and `npm start`) sends each to the one
 * editor function, which routes it again; this list is what both are told.
 */
export const EDITOR_ROUTES = [
  { method: 'GET', path: '/v1/articles' },
  { method: 'GET', path: '/v1/articles/{articleId}' },
  { method: 'PATCH', path: '/v1/articles/{articleId}' },
  { method: 'POST', path: '/v1/articles/{articleId}/unpublish' },
  { method: 'POST', path: '/v1/articles/{articleId}/republish' },
  { method: 'POST', path: '/v1/republish' },
  { method: 'GET', path: '/v1/jobs/{jobId}' },
] as const satisfies readonly EditorRoute[];

/**
 * The partner webhook's route (CONTRACT §1). Not the editor API's, but on the same HTTP API: whatever
 * other method reaches its path falls through API Gateway's `$default` route to the editor function,
 * which answers 405 naming it, as `npm start` does.
 */
export const PARTNER_WEBHOOK_ROUTE = {
  method: 'POST',
  path: '/v1/partners/{partnerId}/articles',
} as const;

/**
 * Whether a request path is one of a route's paths: the same segments, a `{parameter}` standing for
 * any one non-empty segment. Compared segment by segment rather than with a pattern built from the
 * route, so the cost stays linear in the path whatever a caller sends.
 */
function matchesRoute(routePath: string, segments: readonly string[]): boolean {
  const expected = routePath.split('/');
  if (expected.length !== segments.length) return false;
  return expected.every((part, index) => {
    const segment = segments[index] ?? '';
    return part.startsWith('{') && part.endsWith('}') ? segment.length > 0 : part === segment;
  });
}

/** The path without trailing slashes (`/` stays `/`). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/**
 * The methods the API answers at a path (an editor route or the partner webhook), for a 405's `Allow`;
 * empty when it has no such path.
 */
export function allowedMethods(path: string): string[] {
  const segments = withoutTrailingSlashes(path).split('/');
  return [...EDITOR_ROUTES, PARTNER_WEBHOOK_ROUTE]
    .filter((route) => matchesRoute(route.path, segments))
    .map((route) => route.method);
}
