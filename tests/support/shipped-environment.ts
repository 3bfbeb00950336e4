import { LAMBDA_ENTRIES, type LambdaName } from './lambda-bundle';
import { removeAssemblies, synthesizeApp } from './synthesized-app';

/** What stands, in a test, for the resources a function's environment names in the deployed app. */
export interface ShippedResources {
  tableName: string;
  bucketName: string;
  publicBaseUrl: string;
  partnerSecretArn: string;
}

/** Which test value replaces a variable whose value the template leaves to CloudFormation. */
const RESOURCE_VARIABLES: Record<string, keyof ShippedResources> = {
  TABLE_NAME: 'tableName',
  BUCKET_NAME: 'bucketName',
  PUBLIC_BASE_URL: 'publicBaseUrl',
  PARTNER_SECRET_ARN: 'partnerSecretArn',
};

/**
 * Stand-ins for the ARNs ingest's embargo settings name (docs/decisions/0045-…). Nothing a test runs
 * calls EventBridge Scheduler with them: only an embargoed delivery arms a release.
 */
const STAND_IN_VARIABLES: Record<string, string> = {
  RELEASE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:release',
  RELEASE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/release-scheduler',
};

/**
 * Every function's environment as the CDK app ships it: the app synthesized as `infra/app.ts` builds
 * it (without bundling), each function found by its `POWERTOOLS_SERVICE_NAME`, each variable taken
 * as the template sets it, except those naming a resource (a reference or an import, known only at
 * deploy time), which take the test's resources. A variable naming a resource this does not know
 * fails, so a new one cannot go untested.
 */
export function shippedEnvironments(resources: ShippedResources): Record<LambdaName, Record<string, string>> {
  const { appTemplate } = synthesizeApp();
  removeAssemblies();
  const environments: Partial<Record<LambdaName, Record<string, string>>> = {};
  for (const resource of Object.values(appTemplate.findResources('AWS::Lambda::Function'))) {
    const variables = (resource.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
    const service = variables.POWERTOOLS_SERVICE_NAME;
    if (typeof service !== 'string' || !(service in LAMBDA_ENTRIES)) continue;
    environments[service as LambdaName] = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => {
        if (typeof value === 'string' && name !== 'PUBLIC_BASE_URL') return [name, value];
        const standIn = STAND_IN_VARIABLES[name];
        if (standIn !== undefined) return [name, standIn];
        const stands = RESOURCE_VARIABLES[name];
        if (stands === undefined)
          throw new Error(
            `${service}: ${name} is ${JSON.stringify(value)}; the bundle test has no value for it`,
          );
        return [name, resources[stands]];
      }),
    );
  }
  const missing = Object.keys(LAMBDA_ENTRIES).filter((name) => !(name in environments));
  if (missing.length > 0) throw new Error(`the app has no function for ${missing.join(', ')}`);
  return environments as Record<LambdaName, Record<string, string>>;
}
