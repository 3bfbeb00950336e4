import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** One request as the HTTP API hands it to a function. */
export interface HttpApiRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** The route as API Gateway names it, e.g. `/v1/articles/{articleId}`. */
  route: string;
  path: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** The claims of a token the JWT authorizer verified; absent on a route without one. */
  claims?: Record<string, string>;
}

/**
 * The API Gateway HTTP API (payload 2.0) event of a request as AWS delivers it: header names in
 * lower case, the body base64-encoded, and, behind a JWT authorizer, the verified token's claims
 * (as strings) under `requestContext.authorizer.jwt`.
 */
export function httpApiEvent(request: HttpApiRequest): APIGatewayProxyEventV2 {
  const routeKey = `${request.method} ${request.route}`;
  const headers = Object.fromEntries(
    Object.entries({ host: 'api.example', 'user-agent': 'bundle-test', ...request.headers }).map(
      ([name, value]) => [name.toLowerCase(), value],
    ),
  );
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString: '',
    headers,
    pathParameters: request.pathParameters,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bundletest',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(request.claims ? { authorizer: { jwt: { claims: request.claims, scopes: null } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    ...(request.body === undefined
      ? { isBase64Encoded: false }
      : { body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true }),
  };
}
