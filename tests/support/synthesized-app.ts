import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SyndicationAppStack } from '../../infra/syndication-app-stack';
import { SyndicationDataStack } from '../../infra/syndication-data-stack';

/** Cloud assembly directories made by {@link synthesizeApp}, removed by {@link removeAssemblies}. */
const assemblies: string[] = [];

/** An app in a directory of its own; Lambda bundling is skipped unless `bundle` is set. */
export function appIn(context: Record<string, unknown> = {}, { bundle = false } = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'syndication-app-'));
  assemblies.push(outdir);
  return new App({ outdir, context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } });
}

/** Removes every assembly directory made so far (call it in `afterAll`). */
export function removeAssemblies(): void {
  for (const dir of assemblies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Both stacks as `infra/app.ts` builds them, and their templates. */
export interface SynthesizedApp {
  app: App;
  data: SyndicationDataStack;
  stack: SyndicationAppStack;
  dataTemplate: Template;
  appTemplate: Template;
}

/** Builds the two stacks as `infra/app.ts` does, with `context`, and synthesizes them. */
export function synthesizeApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const app = appIn(context);
  const data = new SyndicationDataStack(app, 'Syndication-Data');
  const stack = new SyndicationAppStack(app, 'Syndication-App', {
    table: data.articleTable.table,
    bucket: data.siteBucket.bucket,
    partnerSecret: data.partnerSecrets,
    editorPool: data.editorPool,
  });
  return {
    app,
    data,
    stack,
    dataTemplate: Template.fromStack(data),
    appTemplate: Template.fromStack(stack),
  };
}

/** The logical id of a construct's CloudFormation resource (or of the resource itself). */
export function logicalIdOf(construct: { node: { defaultChild?: unknown } }): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return resource.stack.getLogicalId(resource);
}

/**
 * How the app stack's template spells a value of the data stack: the import of the data stack's export
 * whose value it is. Throws when the data stack exports no such value.
 */
export function importOf(dataTemplate: Template, value: unknown): { 'Fn::ImportValue': string } {
  const exported = Object.values(dataTemplate.toJSON().Outputs ?? {}).find(
    (output) =>
      JSON.stringify((output as { Value: unknown }).Value) === JSON.stringify(value) &&
      (output as { Export?: unknown }).Export !== undefined,
  ) as { Export: { Name: string } } | undefined;
  if (exported === undefined) throw new Error(`the data stack exports no ${JSON.stringify(value)}`);
  return { 'Fn::ImportValue': exported.Export.Name };
}

/** One IAM policy statement as synthesized. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the identity policies attached to the role with this logical id. */
export function statementsOf(template: Template, roleId: string): PolicyStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** Whether an Allow statement grants `action` (IAM wildcards honoured) on exactly `resource`. */
export function allows(statements: PolicyStatement[], action: string, resource: unknown): boolean {
  const grants = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(action);
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action].flat().some(grants) &&
      [statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)),
  );
}

/** Every action an Allow statement grants, on any resource. */
export function actionsOf(statements: PolicyStatement[]): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat());
}
