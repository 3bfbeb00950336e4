import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SyndicationStack } from './syndication-stack';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

new SyndicationStack(app, 'Syndication', {
  description: 'Serverless article syndication pipeline',
  ...(account || region ? { env: { account, region } } : {}),
});

// cdk-nag 3 is a policy validation plugin: findings land in the validation report and unacknowledged
// errors fail the synth. Acknowledge an accepted finding on the narrowest construct with
// Validations.of(construct).acknowledge({ id: 'AwsSolutions-S1', reason: '...' }) and an honest reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
