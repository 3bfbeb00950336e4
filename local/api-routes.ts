import type { EditorHandler } from '../functions/editor/handler';
import { createIngestHandler } from '../functions/ingest/handler';
import { EDITOR_ROUTES } from '../shared/editor-api/editor-routes';
import { MAX_DELIVERY_BYTES } from '../shared/ingest/ingest-delivery';
import { signatureRefused } from '../shared/ingest/webhook-signature';
import type { PipelineContext } from '../shared/runtime/pipeline-context';
import type { ApiRoute } from './http-server';

/**
 * The API as API Gateway routes it to the functions, with what the local server checks before a
 * body: the webhook takes at most the ingest's limit, and only on a path that names a partner.
 * Every editor route goes to the one editor function, which authenticates before anything else;
 * its bodies are bounded by API Gateway's own limit, as in AWS.
 */
export function apiRoutes(context: PipelineContext, editorHandler: EditorHandler): ApiRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/partners/{partnerId}/articles',
      handler: createIngestHandler(context),
      maxBodyBytes: MAX_DELIVERY_BYTES,
      // The same 401 as a bad signature, so the answer says nothing more than the handler's would.
      admit: async ({ partnerId }) => {
        if (!(await context.partners.getPartner(partnerId ?? ''))) throw signatureRefused();
      },
    },
    ...EDITOR_ROUTES.map((route) => ({ method: route.method, path: route.path, handler: editorHandler })),
  ];
}
