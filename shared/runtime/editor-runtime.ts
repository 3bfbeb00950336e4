import { editorAuthenticatorFor } from '../adapters/editor-auth/editor-authenticator-for';
import type { EditorAuthConfig } from '../config/runtime-config';
import { createArticleEditing } from '../editor/article-editing';
import type { EditorUseCases } from '../editor/editor-use-cases';
import { ConfigurationError } from '../errors/configuration-error';
import { createRepublishJobs } from '../jobs/republish-jobs';
import type { EditorApiDependencies } from './editor-router';
import type { PipelineContext } from './pipeline-context';

/**
 * The editor use cases over a pipeline's context: article editing and republish jobs. The one place
 * both the Lambda and `npm start` build them, so the two run the same code.
 */
export function createEditorUseCases(context: PipelineContext): EditorUseCases {
  return { ...createArticleEditing(context), ...createRepublishJobs(context) };
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
