import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_TTL_MS } from '../../shared/publish/publish-lease';
import {
  importOf,
  logicalIdOf,
  removeAssemblies,
  statementsOf,
  synthesizeApp,
} from '../support/synthesized-app';

afterAll(removeAssemblies);

describe('republisher function', () => {
  let template: Template;
  let dataTemplate: Template;
  let functionId: string;

  beforeAll(() => {
    // Bundling skipped: this synth is about the template; `npx cdk synth` bundles the handler.
    const synthesized = synthesizeApp();
    template = synthesized.appTemplate;
    dataTemplate = synthesized.dataTemplate;
    functionId = logicalIdOf(synthesized.stack.republisher.function);
  });

  /** The data stack's table or site bucket attribute, as the app stack imports it. */
  const imported = (type: 'AWS::DynamoDB::Table' | 'AWS::S3::Bucket', attribute: string) =>
    importOf(dataTemplate, {
      'Fn::GetAtt': [
        dataTemplate.getResourceId(
          type,
          type === 'AWS::S3::Bucket'
            ? { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }
            : {},
        ),
        attribute,
      ],
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
      EventSourceArn: imported('AWS::DynamoDB::Table', 'StreamArn'),
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
    const statements = statementsOf(template, roleId);
    const actionsOn = (resource: unknown) =>
      statements
        .filter((statement) =>
          [statement.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)),
        )
        .flatMap((statement) => [statement.Action].flat());
    expect(actionsOn(imported('AWS::DynamoDB::Table', 'Arn'))).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
      ]),
    );
    expect(actionsOn(imported('AWS::DynamoDB::Table', 'StreamArn'))).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
    );
    expect(actionsOn({ 'Fn::Join': ['', [imported('AWS::S3::Bucket', 'Arn'), '/*']] }).sort()).toEqual(
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'].sort(),
    );
    expect(statements.flatMap((statement) => [statement.Action].flat())).not.toContain('s3:*');
  });
});
