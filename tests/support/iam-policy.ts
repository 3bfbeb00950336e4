import type { IamRequest } from './iam-requests';
import type { PolicyStatement } from './synthesized-app';

/** An Allow statement with its ARNs resolved to strings, and its one supported condition. */
export interface ResolvedStatement {
  actions: string[];
  resources: string[];
  /** `ForAllValues:StringEquals` on `dynamodb:LeadingKeys`: the partitions it is limited to. */
  leadingKeys?: string[];
  /** `ForAllValues:StringLike` on `dynamodb:LeadingKeys`: patterns of the partitions it is limited to. */
  leadingKeyPatterns?: string[];
}

/**
 * A template value as the deployed ARN it stands for: imports of the data stack by the ARNs given for
 * their export names, references (pseudo parameters, a resource of the same stack) by the values
 * given for them, joins joined; anything else keeps a placeholder that matches no request.
 */
function resolve(
  value: unknown,
  imports: Record<string, string>,
  references: Record<string, string>,
): string {
  if (typeof value === 'string') return value;
  const expression = value as Record<string, unknown>;
  if ('Fn::ImportValue' in expression) {
    const name = String(expression['Fn::ImportValue']);
    return imports[name] ?? `<import ${name}>`;
  }
  if ('Fn::Join' in expression) {
    const [separator, parts] = expression['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, imports, references)).join(separator);
  }
  const referenced = referenceOf(expression);
  if (referenced !== undefined && references[referenced] !== undefined) return references[referenced];
  return `<${JSON.stringify(value)}>`;
}

/** A `Ref` by its name (`AWS::Region`, a logical id), a `Fn::GetAtt` as `<logical id>.<attribute>`. */
function referenceOf(expression: Record<string, unknown>): string | undefined {
  if (typeof expression.Ref === 'string') return expression.Ref;
  const attribute = expression['Fn::GetAtt'];
  if (Array.isArray(attribute) && attribute.length === 2) return attribute.join('.');
  return undefined;
}

/**
 * The statements of a role's policies with their resources resolved. Fails on what it cannot judge
 * (a Deny, NotAction or NotResource, any other condition), so no statement is misread as narrower or
 * broader than it is.
 */
export function resolveStatements(
  statements: readonly PolicyStatement[],
  imports: Record<string, string>,
  references: Record<string, string> = {},
): ResolvedStatement[] {
  return statements.map((statement) => {
    const raw = statement as PolicyStatement & Record<string, unknown>;
    if (statement.Effect !== 'Allow' || 'NotAction' in raw || 'NotResource' in raw)
      throw new Error(`cannot judge ${JSON.stringify(statement)}`);
    let leadingKeys: string[] | undefined;
    let leadingKeyPatterns: string[] | undefined;
    // Passing a role to one service only: read as passing it at all, which is broader, never narrower.
    const passRoleOnly =
      [statement.Action].flat().join() === 'iam:PassRole' &&
      JSON.stringify(Object.keys(statement.Condition ?? {})) === '["StringEquals"]' &&
      JSON.stringify(Object.keys((statement.Condition as Record<string, object>).StringEquals ?? {})) ===
        '["iam:PassedToService"]';
    if (statement.Condition !== undefined && !passRoleOnly) {
      const condition = statement.Condition as Record<string, Record<string, unknown>>;
      const [operator, ...others] = Object.keys(condition);
      const keys = operator === undefined ? undefined : condition[operator]?.['dynamodb:LeadingKeys'];
      if (
        others.length > 0 ||
        (operator !== 'ForAllValues:StringEquals' && operator !== 'ForAllValues:StringLike') ||
        Object.keys(condition[operator] ?? {}).length !== 1 ||
        keys === undefined
      )
        throw new Error(`cannot judge the condition of ${JSON.stringify(statement)}`);
      if (operator === 'ForAllValues:StringLike') leadingKeyPatterns = [keys].flat().map(String);
      else leadingKeys = [keys].flat().map(String);
    }
    return {
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat().map((resource) => resolve(resource, imports, references)),
      ...(leadingKeys === undefined ? {} : { leadingKeys }),
      ...(leadingKeyPatterns === undefined ? {} : { leadingKeyPatterns }),
    };
  });
}

/** Whether an IAM pattern (`*` and `?` wildcards) matches a value; actions are case-insensitive. */
export function matchesPattern(pattern: string, value: string, { ignoreCase = false } = {}): boolean {
  const source = pattern
    .split('')
    .map((character) =>
      character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether some statement allows the request: its action, its resource, and every partition it touches. */
export function permits(statements: readonly ResolvedStatement[], request: IamRequest): boolean {
  return statements.some(
    (statement) =>
      statement.actions.some((action) => matchesPattern(action, request.action, { ignoreCase: true })) &&
      statement.resources.some((resource) => matchesPattern(resource, request.resource)) &&
      (statement.leadingKeys === undefined ||
        request.leadingKeys?.every((key) => statement.leadingKeys?.includes(key))) &&
      (statement.leadingKeyPatterns === undefined ||
        request.leadingKeys?.every((key) =>
          statement.leadingKeyPatterns?.some((pattern) => matchesPattern(pattern, key)),
        )),
  );
}
