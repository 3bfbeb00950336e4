import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyndicationStack } from '../../infra/syndication-stack';
import { DEFAULT_LEASE_TTL_MS } from '../../shared/publish/publish-lease';

const outdir = mkdtempSync(join(tmpdir(), 'republisher-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** One IAM policy statement as synthesized. */
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

describe('republisher function', () => {
  let template: Template;
  let functionId: string;

  beforeAll(() => {
    // Bundling skipped: this synth is about the template; `npx cdk synth` bundles the handler.
    const stack = new SyndicationStack(
      new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }),
      'Syndication',
    );
    template = Template.fromStack(stack);
    const resource = stack.republisher.function.node.defaultChild as CfnElement;
    functionId = stack.getLogicalId(resource);
  });

  const mapping = () => {
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: functionId } },
      }),
    );
    expect(mappings).toHaveLength(1);
    return mappings[0]?.Properties;
  };

  it('runs below the publish lease, so it never writes after its lease could lapse', () => {
    const fn = template.findResources('AWS::Lambda::Function')[functionId]?.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 60 });
    expect(fn.Timeout * 1000).toBeLessThan(DEFAULT_LEASE_TTL_MS);
  });

  it("is fed by the table's stream, its own mapping, invoked only by running Job items", () => {
    const properties = mapping();
    expect(properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [template.getResourceId('AWS::DynamoDB::Table'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
    });
    // A chunk's progress record should start the next chunk at once.
    expect(properties.MaximumBatchingWindowInSeconds ?? 0).toBe(0);
    const patterns = (properties.FilterCriteria.Filters as { Pattern: string }[]).map((filter) =>
      JSON.parse(filter.Pattern),
    );
    expect(patterns).toEqual([
      { dynamodb: { NewImage: { entity: { S: ['Job'] }, state: { S: ['running'] } } } },
    ]);
  });

  it('may read and write the table and its indexes, and get, put and delete site objects only', () => {
    const roleId =
      template.findResources('AWS::Lambda::Function')[functionId]?.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        (policy.Properties.Roles as unknown[]).some(
          (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
        ),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    const actionsOn = (resource: unknown) =>
      statements
        .filter((statement) =>
          [statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)),
        )
        .flatMap((statement) => [statement.Action].flat());
    const table = template.getResourceId('AWS::DynamoDB::Table');
    const bucket = template.getResourceId('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(actionsOn({ 'Fn::GetAtt': [table, 'Arn'] })).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
      ]),
    );
    expect(actionsOn({ 'Fn::GetAtt': [table, 'StreamArn'] })).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
    );
    expect(actionsOn({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] }).sort()).toEqual(
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'].sort(),
    );
    expect(statements.flatMap((statement) => [statement.Action].flat())).not.toContain('s3:*');
  });
});
