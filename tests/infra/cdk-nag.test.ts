import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { SyndicationAppStack } from '../../infra/syndication-app-stack';
import { SyndicationDataStack } from '../../infra/syndication-data-stack';
import { appIn, removeAssemblies } from '../support/synthesized-app';

afterAll(removeAssemblies);

/** One finding in the CDK validation report (`validation-report.json`) that cdk-nag 3 feeds. */
interface ReportedViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  pluginReports: { pluginName: string; violations: ReportedViolation[] }[];
}

/** Both stacks as `infra/app.ts` builds them. */
function addPipeline(app: App): void {
  const data = new SyndicationDataStack(app, 'Syndication-Data');
  new SyndicationAppStack(app, 'Syndication-App', {
    table: data.articleTable.table,
    bucket: data.siteBucket.bucket,
    partnerSecret: data.partnerSecrets,
    editorPool: data.editorPool,
  });
}

/**
 * Synthesizes an app with the AwsSolutions pack registered the way `infra/app.ts` registers it, and
 * returns the unacknowledged findings (errors and warnings) from the validation report. An app with
 * findings makes `synth()` throw; the report is still written, so the findings are read from it either way.
 */
function unacknowledgedFindings(context: Record<string, unknown>, addStacks: (app: App) => void): string[] {
  const app = appIn(context);
  addStacks(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  let report: ValidationReport;
  try {
    report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
  } catch {
    // No report: the synth failed before validation ran, which is an error of its own.
    throw synthError ?? new Error('synth wrote no validation report');
  }
  const findings = report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) => plugin.violations)
    .flatMap((violation) =>
      violation.violatingConstructs.map(
        (construct) => `${violation.severity} ${violation.ruleName} ${construct.constructPath}`,
      ),
    );
  if (findings.length === 0 && synthError !== undefined) throw synthError;
  return findings;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged for the two stacks (with the user pool)', () => {
    expect(unacknowledgedFindings({}, addPipeline)).toEqual([]);
  });

  it('reports nothing unacknowledged for the two stacks with an external issuer', () => {
    const external = {
      editorIssuer: 'https://login.example.org/realms/news',
      editorAudience: 'console',
      editorAuthorizationEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/auth',
      editorTokenEndpoint: 'https://login.example.org/realms/news/protocol/openid-connect/token',
    };
    expect(unacknowledgedFindings(external, addPipeline)).toEqual([]);
  });

  it('acknowledges only the findings it explains, each on its own construct', () => {
    const app = appIn();
    addPipeline(app);
    // The acknowledgements of ARNs that cross stacks are made once the app is prepared.
    app.synth();
    const acknowledged = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
        .map((id) => `${id.replace(/^Annotation::/i, '')} ${construct.node.path}`),
    );
    const bucket = 'Syndication-Data:ExportsOutputFnGetAttSiteBucket';
    // Export names end in a hash; the prefix names the resource.
    const normalized = acknowledged
      .map((entry) => entry.replace(/(ExportsOutputFnGetAtt(ArticleTable|SiteBucket))\w+/, '$1'))
      .sort();
    const functionFindings = (name: string, ...resources: string[]) => [
      `AwsSolutions-L1 Syndication-App/${name}/Function/Resource`,
      `AwsSolutions-IAM5[Resource::*] Syndication-App/${name}/Role/DefaultPolicy`,
      ...resources.map(
        (resource) => `AwsSolutions-IAM5[Resource::${resource}] Syndication-App/${name}/Role/DefaultPolicy`,
      ),
    ];
    expect(normalized).toEqual(
      [
        'AwsSolutions-SMG4 Syndication-Data/PartnerSecrets/Resource',
        ...functionFindings('Publisher', `${bucket}/*`),
        'AwsSolutions-SQS3 Syndication-App/Publisher/FailedBatches/Resource',
        ...functionFindings('Republisher', `${bucket}/*`),
        ...functionFindings('SiteBootstrap', `${bucket}/*`),
        // Ingest creates and deletes the release schedules of the one release schedule group.
        ...functionFindings(
          'Ingest',
          'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/SyndicationApp-Release-ScheduleGroup-D1E00D60/*',
        ),
        ...functionFindings('Release'),
        ...functionFindings('Editor'),
        'AwsSolutions-APIG4 Syndication-App/Api/HttpApi/POST--v1--partners--{partnerId}--articles/Resource',
        ...[
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          `Resource::${bucket}/*`,
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        ].map((finding) => `AwsSolutions-IAM5[${finding}] Syndication-App/EditorConsole/Role/DefaultPolicy`),
        'AwsSolutions-L1 Syndication-App/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C',
        // No geo restriction, no WAF, CloudFront's default certificate: docs/cdn.md says why.
        'AwsSolutions-CFR1 Syndication-App/Cdn/Distribution',
        'AwsSolutions-CFR2 Syndication-App/Cdn/Distribution',
        'AwsSolutions-CFR4 Syndication-App/Cdn/Distribution',
        'AwsSolutions-S1 Syndication-App/Cdn/AccessLogs',
      ].sort(),
    );
  });

  it('does report a non-compliant bucket (the checks above can fail)', () => {
    const findings = unacknowledgedFindings({}, (app) => new Bucket(new Stack(app, 'Bare'), 'Bucket'));
    expect(findings).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-S1 Bare/Bucket/Resource',
        'error AwsSolutions-S10 Bare/Bucket/Resource',
      ]),
    );
  });
});
