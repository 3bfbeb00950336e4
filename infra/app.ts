import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SyndicationAppStack } from './syndication-app-stack';
import { SyndicationDataStack } from './syndication-data-stack';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env = account || region ? { env: { account, region } } : {};

// Two stacks (docs/decisions/0027-two-stacks-and-one-function-construct.md): the data, retained, and
// the application, which can be torn down and redeployed without losing any.
const data = new SyndicationDataStack(app, 'Syndication-Data', {
  description:
    'Syndication pipeline: article table, site bucket, partner secrets and editor user pool (retained)',
  ...env,
});
new SyndicationAppStack(app, 'Syndication-App', {
  description: 'Syndication pipeline: functions, HTTP API, editor sign-in and console',
  table: data.articleTable.table,
  bucket: data.siteBucket.bucket,
  partnerSecret: data.partnerSecrets,
  editorPool: data.editorPool,
  ...env,
});

// cdk-nag 3 is a policy validation plugin: findings land in the validation report and unacknowledged
// errors fail the synth. Acknowledge an accepted finding on the narrowest construct with
// Validations.of(construct).acknowledge({ id: 'AwsSolutions-S1', reason: '...' }) and an honest reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
