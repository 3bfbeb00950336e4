import { editorAuthenticatorFor } from '../adapters/editor-auth/editor-authenticator-for';
import type { EditorAuthConfig } from '../config/runtime-config';
import type { EditorUseCases } from '../editor/editor-use-cases';
import { ConfigurationError } from '../errors/configuration-error';
import type { EditorApiDependencies } from './editor-router';
import type { PipelineContext } from './pipeline-context';

function notWired(name: string): () => Promise<never> {
  return () =>
    Promise.reject(new Error(`editor use case ${name} is not wired (shared/runtime/editor-runtime.ts)`));
}

/**
 * The editor use cases over a pipeline's context: article editing and republish jobs. The one place
 * both the Lambda and `npm start` build them, so the two run the same code.
 *
 * MERGE: the lead replaces this body with the real use cases, e.g.
 * `{ ...createArticleEditing(context), ...createRepublishJobs(context) }`. Until then every call
 * is an internal error (a 500 that echoes nothing).
 */
export function createEditorUseCases(_context: PipelineContext): EditorUseCases {
  return {
    listArticles: notWired('listArticles'),
    getArticle: notWired('getArticle'),
    correctArticle: notWired('correctArticle'),
    unpublishArticle: notWired('unpublishArticle'),
    republishArticle: notWired('republishArticle'),
    startRepublish: notWired('startRepublish'),
    getJob: notWired('getJob'),
  };
}

/** The editor auth settings an editor function cannot start without; a clear `ConfigurationError` otherwise. */
export function requireEditorAuth(editorAuth: EditorAuthConfig | undefined): EditorAuthConfig {
  if (editorAuth === undefined) {
    throw new ConfigurationError(
      'invalid environment: EDITOR_AUTH: is required by the editor function (token or jwt)',
    );
  }
  return editorAuth;
}

/**
 * What `createEditorHandler` needs, for a context and the editor auth settings. `useCases` defaults to
 * `createEditorUseCases(context)`; tests pass fakes.
 */
export function editorDependencies(
  context: PipelineContext,
  editorAuth: EditorAuthConfig | undefined,
  useCases: EditorUseCases = createEditorUseCases(context),
): EditorApiDependencies {
  return {
    useCases,
    authenticator: editorAuthenticatorFor(requireEditorAuth(editorAuth)),
    logger: context.logger,
  };
}
