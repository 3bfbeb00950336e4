import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpResponse } from '../http/http-response';

/** The raw bytes of an API Gateway HTTP API body, whichever way it was encoded. */
export function eventBody(event: APIGatewayProxyEventV2): Uint8Array {
  if (event.body === undefined || event.body === null) return new Uint8Array();
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** A transport-neutral response as API Gateway's structured result. */
export function toApiGatewayResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}
