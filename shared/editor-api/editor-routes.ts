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

function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
}

/** The methods the editor API answers at a path, for a 405's `Allow`; empty when it has no such path. */
export function allowedMethods(path: string): string[] {
  const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return EDITOR_ROUTES.filter((route) => pathPattern(route.path).test(normalised)).map(
    (route) => route.method,
  );
}
