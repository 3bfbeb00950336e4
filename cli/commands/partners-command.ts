import { readFile } from 'node:fs/promises';
import { DynamoDBClient, ResourceNotFoundException as TableNotFound } from '@aws-sdk/client-dynamodb';
import {
  ResourceNotFoundException as SecretNotFound,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { Command } from 'commander';
import { DynamoDbArticleCatalog } from '../../shared/adapters/dynamodb/dynamodb-article-catalog';
import { DynamoDbArticleStore } from '../../shared/adapters/dynamodb/dynamodb-article-store';
import { DynamoDbJobStore } from '../../shared/adapters/dynamodb/dynamodb-job-store';
import { DynamoDbPartnerProfiles } from '../../shared/adapters/dynamodb/dynamodb-partner-profiles';
import { SecretsManagerPartnerSecrets } from '../../shared/adapters/secrets/secrets-manager-partner-secrets';
import { partnerAdministration, validatePartnerDocument } from '../../shared/config/partner-administration';
import type { PublicPartner } from '../../shared/config/partner-registry-schema';
import { TablePartnerDirectory } from '../../shared/config/table-partner-directory';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { createRepublishJobs } from '../../shared/jobs/republish-jobs';
import { UnreachableError, UsageError } from '../cli-errors';
import { columns } from '../output/text-layout';
import { examples, printJson } from './command-options';

interface PartnersOptions {
  table?: string;
  secretId?: string;
  region?: string;
  json?: boolean;
}

/** Who a job started by this command is recorded as having started. */
const OPERATOR = { id: 'synd-partners', displayName: 'synd partners' } as const;

const SECRET_WARNING =
  'This is the only time it is shown: pass it to the partner over a channel only you two share, ' +
  'and keep no other copy. It is stored in Secrets Manager.';

const ENVIRONMENT_HELP = `
Environment:
  SYND_TABLE           the article table (default for --table; the stack output TableName)
  SYND_PARTNER_SECRET  the partner secrets' ARN (default for --secret-id; the stack output PartnerSecretArn)
  AWS credentials and region as for the AWS CLI (AWS_PROFILE, AWS_REGION, ...)

Exit codes: 0 done, 1 refused (the id exists or is unknown, or another change came first),
2 bad input or options (nothing written), 3 AWS cannot be reached or there are no credentials.
Rotation, step by step: docs/partners.md, "In AWS".
`;

/** The registry's two halves and the job store, on the operator's credentials. */
function connect(options: PartnersOptions) {
  const table = options.table ?? process.env.SYND_TABLE;
  const secretId = options.secretId ?? process.env.SYND_PARTNER_SECRET;
  if (!table)
    throw new UsageError('which table? pass --table or set SYND_TABLE (the stack output TableName)');
  if (!secretId) {
    throw new UsageError(
      'which secret? pass --secret-id or set SYND_PARTNER_SECRET (the stack output PartnerSecretArn)',
    );
  }
  const region = options.region ? { region: options.region } : {};
  const dynamodb = new DynamoDBClient(region);
  const secretsManager = new SecretsManagerClient(region);
  const profiles = new DynamoDbPartnerProfiles({ client: dynamodb, tableName: table });
  const secrets = new SecretsManagerPartnerSecrets({ client: secretsManager, secretId, maxAgeSeconds: 0 });
  const jobs = createRepublishJobs({
    jobs: new DynamoDbJobStore({ client: dynamodb, tableName: table }),
    catalog: new DynamoDbArticleCatalog({ client: dynamodb, tableName: table }),
    store: new DynamoDbArticleStore({ client: dynamodb, tableName: table }),
    // Read fresh: the job's feeds are chosen from the registry as it is after this change.
    partners: new TablePartnerDirectory({ profiles, source: `table ${table}`, maxAgeMs: 0 }),
  });
  return {
    admin: partnerAdministration({
      profiles,
      secrets,
      startFeedsJob: () => jobs.startRepublish({ kind: 'feeds' }, OPERATOR),
    }),
    where: { table, secretId },
    close: () => {
      dynamodb.destroy();
      secretsManager.destroy();
    },
  };
}

/** An AWS failure as what the operator can do about it. */
function explained(error: unknown, where: { table: string; secretId: string }): unknown {
  const failure = error as { name?: string; code?: string; message?: string };
  if (error instanceof TableNotFound) {
    return new UsageError(`there is no table ${where.table} here: check --table / SYND_TABLE and --region`);
  }
  if (error instanceof SecretNotFound) {
    return new UsageError(
      `there is no secret ${where.secretId} here: check --secret-id / SYND_PARTNER_SECRET and --region`,
    );
  }
  if (failure.name === 'CredentialsProviderError') {
    return new UnreachableError(
      `no AWS credentials: ${failure.message} (set AWS_PROFILE or run aws configure)`,
    );
  }
  if (/region is missing/i.test(failure.message ?? '')) {
    return new UsageError('no AWS region: pass --region or set AWS_REGION');
  }
  const network = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'];
  if (network.includes(failure.code ?? '') || failure.name === 'TimeoutError') {
    return new UnreachableError(`cannot reach AWS: ${failure.message ?? failure.code}`);
  }
  return error;
}

/** Reads and validates a partner document; nothing is written when it is refused. */
async function partnerFile(file: string): Promise<PublicPartner> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return validatePartnerDocument(document, file);
}

type Admin = ReturnType<typeof connect>['admin'];

/** Runs one subcommand against the registry, closing the clients and explaining AWS failures. */
function withRegistry<A extends unknown[]>(
  run: (admin: Admin, options: PartnersOptions, ...args: A) => Promise<void>,
): (...args: [...A, unknown, Command]) => Promise<void> {
  return async (...args) => {
    const self = args.at(-1) as Command;
    const options = self.optsWithGlobals<PartnersOptions>();
    const registry = connect(options);
    try {
      await run(registry.admin, options, ...(args.slice(0, -2) as A));
    } catch (error) {
      throw explained(error, registry.where);
    } finally {
      registry.close();
    }
  };
}

/** The secret, alone on its line so it is copied whole, and the warning. */
function showSecret(heading: string, secret: string): void {
  console.log(`${heading}\n\n  ${secret}\n`);
  console.error(`Warning: ${SECRET_WARNING}`);
}

/** `synd partners list|add|update|rotate|retire-secret|remove`: the partner registry in AWS. */
export function partnersCommand(): Command {
  const partners = new Command('partners')
    .description(
      'manage the partner registry of a deployment in AWS: profiles in the table, webhook secrets in ' +
        'Secrets Manager (needs AWS credentials)',
    )
    .option('--table <name>', 'the article table (default: $SYND_TABLE)')
    .option('--secret-id <arn>', 'the partner secrets (default: $SYND_PARTNER_SECRET)')
    .option('--region <region>', 'the AWS region (default: the SDK’s, e.g. $AWS_REGION)')
    .addHelpText('after', ENVIRONMENT_HELP);

  partners.addCommand(
    new Command('list')
      .description('every partner: id, name, languages and how many secrets (never a secret)')
      .action(
        withRegistry(async (admin, options) => {
          const summaries = await admin.list();
          if (options.json) return printJson(summaries);
          if (summaries.length === 0)
            return console.log('No partners yet: add one with synd partners add <file.json>.');
          console.log(
            columns(
              ['ID', 'SECRETS', 'LANGUAGES', 'NAME'],
              summaries.map((partner) => [
                partner.id,
                String(partner.secretCount),
                partner.languages.join(',') || '-',
                partner.name,
              ]),
            ),
          );
        }),
      ),
  );

  partners.addCommand(
    new Command('add')
      .description(
        'register a partner from a JSON document without secrets; makes its webhook secret (shown once) ' +
          'and starts the job that publishes its empty feeds',
      )
      .argument('<file>', 'the partner document (the registry entry of docs/partners.md, no "secrets")')
      .addHelpText(
        'after',
        examples(
          'synd partners add partners/almadar.json',
          'synd partners add almadar.json --table <TableName> --secret-id <PartnerSecretArn> --json',
        ),
      )
      .action(
        withRegistry(async (admin, options, file: string) => {
          const profile = await partnerFile(file);
          const added = await admin.add(profile);
          if (options.json) return printJson(added);
          showSecret(`Added partner ${added.partnerId} (${profile.name}). Its webhook secret:`, added.secret);
          console.log(
            `Started job ${added.job.jobId} (republish ${added.job.scope}): its empty feeds appear when it ends.`,
          );
        }),
      ),
  );

  partners.addCommand(
    new Command('update')
      .description('replace a partner’s profile from a JSON document without secrets; its secrets stay')
      .argument('<file>', 'the partner document, its id naming the partner')
      .action(
        withRegistry(async (admin, options, file: string) => {
          const profile = await partnerFile(file);
          await admin.update(profile);
          if (options.json) return printJson({ partnerId: profile.id });
          console.log(
            `Updated partner ${profile.id}. The functions see it within a minute; ` +
              `a new name reaches existing pages with synd republish --partner ${profile.id}.`,
          );
        }),
      ),
  );

  partners.addCommand(
    new Command('rotate')
      .description('make a new secret for a partner, keeping its newest old one: both verify until retired')
      .argument('<id>', 'the partner')
      .action(
        withRegistry(async (admin, options, partnerId: string) => {
          const rotated = await admin.rotate(partnerId);
          if (options.json) return printJson(rotated);
          showSecret(
            `New webhook secret for ${partnerId} (${rotated.secretCount} now valid):`,
            rotated.secret,
          );
          console.log(`Once the partner signs with it, run: synd partners retire-secret ${partnerId}`);
        }),
      ),
  );

  partners.addCommand(
    new Command('retire-secret')
      .description('drop a partner’s older secret, once it signs with the newer one')
      .argument('<id>', 'the partner')
      .action(
        withRegistry(async (admin, options, partnerId: string) => {
          const retired = await admin.retireSecret(partnerId);
          if (options.json) return printJson(retired);
          console.log(
            `Retired the older secret of ${partnerId}; deliveries signed with it are refused within a minute.`,
          );
        }),
      ),
  );

  partners.addCommand(
    new Command('remove')
      .description('remove a partner’s profile and secrets; its articles stay published')
      .argument('<id>', 'the partner')
      .action(
        withRegistry(async (admin, options, partnerId: string) => {
          await admin.remove(partnerId);
          if (options.json) return printJson({ partnerId, removed: true });
          console.log(
            `Removed partner ${partnerId}: its deliveries are refused within a minute; its articles stay ` +
              '(take them down with synd unpublish).',
          );
        }),
      ),
  );

  return partners;
}
