import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One cdk-nag finding to acknowledge, and the true reason it is accepted. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

/**
 * How cdk-nag spells an ARN in a finding id, as seen from `scope`'s stack: `<LogicalId.Arn>` for a
 * resource of that stack, the export's name for a resource of another stack (an `Fn::ImportValue`),
 * the ARN itself when it is a literal. Acknowledges a finding on one resource's wildcard, not on every
 * wildcard. Only true once the app is prepared (cross-stack references become imports then): call it
 * inside {@link acknowledgeResolved}.
 */
export function findingName(scope: IConstruct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const imported = (resolved as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
  if (typeof imported === 'string') return imported;
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt === undefined) throw new Error(`${scope.node.path}: cannot name ${JSON.stringify(resolved)}`);
  return `<${getAtt[0]}.${getAtt[1]}>`;
}

/**
 * Acknowledges cdk-nag findings on `construct` whose ids name ARNs (see {@link findingName}). The ids
 * are computed when the construct tree is validated, after the app is prepared, because an ARN that
 * crosses stacks is spelled as an import only then; cdk-nag runs later still, on the synthesized app.
 */
export function acknowledgeResolved(
  construct: IConstruct,
  acknowledgements: () => readonly NagAcknowledgement[],
): void {
  construct.node.addValidation({
    validate: () => {
      Validations.of(construct).acknowledge(...acknowledgements());
      return [];
    },
  });
}
