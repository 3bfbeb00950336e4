import type { Context } from 'aws-lambda';
import { instrumentHandler, type LambdaHandler } from './instrument-handler';
import { type LambdaAdapters, lambdaContext } from './lambda-context';
import { lambdaTelemetry } from './lambda-telemetry';
import { mapStackTracesLazily } from './lazy-source-maps';
import type { PipelineContext } from './pipeline-context';

/**
 * A function's Lambda entry point: its handler is built once per container from the container's
 * pipeline context (`lambdaContext`), and every invocation is instrumented (`instrumentHandler`) with
 * the container's telemetry. Nothing is made before the first invocation, so importing a handler
 * module (as `npm start` and the tests do, for its `create…Handler`) starts no Powertools utility.
 *
 * A failed start (a bad variable, a registry that did not parse) is retried by the next invocation,
 * not kept for the container's life; the error still reaches Lambda, whose `Errors` metric counts it.
 * `adapters` are the AWS services beyond the table this function uses (`LambdaAdapters`).
 *
 * In a bundle, its stack traces are told in the TypeScript sources, the source map read only when a
 * stack is first formatted (decision 0055).
 */
export function lambdaEntry<TEvent, TResult>(
  serviceName: string,
  build: (pipeline: PipelineContext) => (event: TEvent, context: Context) => Promise<TResult>,
  adapters: LambdaAdapters = {},
): LambdaHandler<TEvent, TResult> {
  // In a bundle this module's URL is the bundle's own, its map beside it; from source, no map.
  mapStackTracesLazily(import.meta.url);
  let built: Promise<(event: TEvent, context: Context) => Promise<TResult>> | undefined;
  const invoke: LambdaHandler<TEvent, TResult> = async (event, context) => {
    built ??= lambdaContext(serviceName, adapters).then(build);
    built.catch(() => {
      built = undefined;
    });
    return (await built)(event, context);
  };
  let instrumented: LambdaHandler<TEvent, TResult> | undefined;
  return (event, context) => {
    instrumented ??= instrumentHandler(lambdaTelemetry(serviceName), invoke);
    return instrumented(event, context);
  };
}
