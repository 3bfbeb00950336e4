import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toProblemResponse } from '../../shared/http/problem-response';
import { toApiGatewayResult } from '../../shared/runtime/api-gateway';
import { createEditorRouter, type EditorApiDependencies } from '../../shared/runtime/editor-router';
import { editorDependencies } from '../../shared/runtime/editor-runtime';
import { lambdaRuntimeConfig } from '../../shared/runtime/lambda-context';
import { lambdaEntry } from '../../shared/runtime/lambda-entry';

/** The editor function as API Gateway (and `npm start`) calls it. */
export type EditorHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Nothing the editor API answers may be cached: every answer is one editor's view of changing state. */
function noStore(result: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  return { ...result, headers: { ...result.headers, 'cache-control': 'no-store' } };
}

/**
 * The editor API (CONTRACT §4, docs/editor-api.md) as one Lambda handler over its use cases and its
 * authenticator. Whatever the router cannot turn into an answer (an event it cannot read) is still
 * answered with a problem, never a thrown error API Gateway would turn into a bare 500.
 */
export function createEditorHandler(dependencies: EditorApiDependencies): EditorHandler {
  const router = createEditorRouter(dependencies);
  return async (event, context) => {
    try {
      // A web Request refuses a body on GET or HEAD; API Gateway passes one on, and no route reads it.
      const method = event.requestContext.http.method.toUpperCase();
      const routed =
        method === 'GET' || method === 'HEAD' ? { ...event, body: undefined, isBase64Encoded: false } : event;
      return noStore(await router.resolve(routed, context ?? ({} as Context)));
    } catch (error) {
      dependencies.logger.error('editor request failed before routing', error as Error);
      return noStore(toApiGatewayResult(toProblemResponse(error, event.rawPath)));
    }
  };
}

/**
 * The Lambda entry point: the handler is built once per container, from its validated configuration
 * (a missing EDITOR_AUTH fails the invocation and is tried again by the next).
 */
export const handler = lambdaEntry('editor', (pipeline) =>
  createEditorHandler(editorDependencies(pipeline, lambdaRuntimeConfig().editorAuth)),
);
