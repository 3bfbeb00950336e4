import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PartnerRegistry } from '../shared/config/partner-registry';
import { SyndicationStack } from './syndication-stack';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

// The publisher needs only the registry's non-secret part; the secrets are dropped here and never reach the
// template. The local registry stands in for now: the AWS issue moves partners to the table and their
// secrets to Secrets Manager.
const registryFile = fileURLToPath(new URL('../config/partners.local.json', import.meta.url));
const partners = (await PartnerRegistry.fromFile(registryFile)).listPublic();

new SyndicationStack(app, 'Syndication', {
  description: 'Serverless article syndication pipeline',
  partners,
  ...(account || region ? { env: { account, region } } : {}),
});

// cdk-nag 3 is a policy validation plugin: findings land in the validation report and unacknowledged
// errors fail the synth. Acknowledge an accepted finding on the narrowest construct with
// Validations.of(construct).acknowledge({ id: 'AwsSolutions-S1', reason: '...' }) and an honest reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
