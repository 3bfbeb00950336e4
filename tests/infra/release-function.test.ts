import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, removeAssemblies, statementsOf, synthesizeApp } from '../support/synthesized-app';

afterAll(removeAssemblies);

const asList = (value: unknown) => (Array.isArray(value) ? value : [value]);

/**
 * Embargo releases in AWS (docs/decisions/0045-…): ingest creates one-time schedules in one schedule
 * group, EventBridge Scheduler invokes the release function through a role that may do nothing else.
 */
describe('release function and its schedules', () => {
  let template: Template;
  let ids: { release: string; ingest: string; ingestRole: string; schedulerRole: string };
  /** The schedule group's name as the template spells it. */
  let group: unknown;

  beforeAll(() => {
    // Bundling skipped: this synth is about the template.
    const { appTemplate, stack } = synthesizeApp();
    template = appTemplate;
    ids = {
      release: logicalIdOf(stack.release.function),
      ingest: logicalIdOf(stack.ingest.function),
      ingestRole: logicalIdOf(stack.ingest.role),
      schedulerRole: logicalIdOf(stack.release.schedulerRole),
    };
    group = stack.resolve(stack.release.scheduleGroup.scheduleGroupName);
  });

  const functionProperties = (id: string) => template.findResources('AWS::Lambda::Function')[id]?.Properties;

  it('tells ingest the schedule group, the release function and the scheduler role', () => {
    expect(functionProperties(ids.ingest).Environment.Variables).toMatchObject({
      RELEASE_SCHEDULE_GROUP: group,
      RELEASE_FUNCTION_ARN: { 'Fn::GetAtt': [ids.release, 'Arn'] },
      RELEASE_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [ids.schedulerRole, 'Arn'] },
    });
  });

  it('lets the scheduler role be assumed by EventBridge Scheduler of this account only, to invoke the release function only', () => {
    const role = template.findResources('AWS::IAM::Role')[ids.schedulerRole]?.Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const statements = statementsOf(template, ids.schedulerRole);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [ids.release, 'Arn'] } },
    ]);
  });

  it('lets ingest create and delete schedules of the release group only, and pass only the scheduler role to the scheduler', () => {
    const statements = statementsOf(template, ids.ingestRole);
    const scheduling = statements.filter((statement) =>
      asList(statement.Action).some((action: string) => action.startsWith('scheduler:')),
    );
    expect(scheduling).toHaveLength(1);
    expect(asList(scheduling[0]?.Action).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
    ]);
    expect(JSON.stringify(scheduling[0]?.Resource)).toContain(`:schedule/`);
    expect(JSON.stringify(scheduling[0]?.Resource)).toContain(`:schedule/${group}/*`);
    const passing = statements.filter((statement) => asList(statement.Action).includes('iam:PassRole'));
    expect(passing).toEqual([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [ids.schedulerRole, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
  });

  it('gives no other function any scheduler action, nor the scheduler role', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const withScheduler = policies.filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('scheduler:'),
    );
    expect(withScheduler.map((policy) => policy.Properties.Roles)).toEqual([[{ Ref: ids.ingestRole }]]);
  });

  it('gives the release function only item reads and the writes of a release on the table', () => {
    const releaseRole =
      template.findResources('AWS::Lambda::Function')[ids.release]?.Properties.Role['Fn::GetAtt'][0];
    const actions = statementsOf(template, releaseRole)
      .flatMap((statement) => asList(statement.Action))
      .filter((action: string) => action.startsWith('dynamodb:'))
      .sort();
    expect(actions).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(functionProperties(ids.release).Timeout).toBe(90);
  });

  it('tells the release function its table and the partner registry its context needs to start, and no bucket, secret or schedule', () => {
    const variables = functionProperties(ids.release).Environment.Variables;
    expect(variables).toMatchObject({ PARTNER_REGISTRY: 'table' });
    expect(variables).toHaveProperty('TABLE_NAME');
    for (const name of ['BUCKET_NAME', 'PARTNER_SECRET_ARN', 'PARTNERS_FILE', 'RELEASE_SCHEDULE_GROUP'])
      expect(variables).not.toHaveProperty(name);
  });
});
