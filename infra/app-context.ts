import type { Construct } from 'constructs';

/** A non-empty string from the app's context (`cdk deploy -c name=value`, or cdk.json), or undefined. */
export function stringFromContext(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`context ${key} must be a non-empty string, not ${JSON.stringify(value)}`);
  }
  return value.trim();
}

/** A number from the app's context, or `fallback`; a value that is not a positive number fails the synth. */
export function positiveNumberFromContext(scope: Construct, key: string, fallback: number): number {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`context ${key} must be a positive number, not ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * Whether the editors sign in at an issuer of the operator's own (context `editorIssuer`), so no user
 * pool is made. Both stacks read it: the data stack to leave the pool out, the app stack to trust that
 * issuer instead.
 */
export function externalEditorIssuerFromContext(scope: Construct): string | undefined {
  return stringFromContext(scope, 'editorIssuer');
}
