import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { localRunUrl } from '../../local/local-config';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { webhookSecretSchema } from '../../shared/config/partner-registry-schema';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { UnreachableError, UsageError } from '../cli-errors';
import { examples } from './command-options';

interface SignOptions {
  partner: string;
  secret?: string;
  partnersFile: string;
  url?: string;
  id?: string;
  dryRun?: boolean;
}

function httpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // Reported below.
  }
  throw new InvalidArgumentError('must be an absolute http(s) URL');
}

/**
 * `synd sign <file>`: signs a delivery file as the partner would (Standard Webhooks) and sends it,
 * printing the answer. For partners testing their integration and for trying the pipeline by hand.
 */
export function signCommand(): Command {
  return new Command('sign')
    .description('sign a delivery file as a partner and send it to the webhook')
    .argument('<file>', 'the delivery: a Standard Webhooks envelope as JSON')
    .requiredOption('-p, --partner <id>', 'partner id to send as')
    .option('-s, --secret <whsec>', 'signing secret (default: the partner’s first secret in --partners-file)')
    .option(
      '--partners-file <path>',
      'partner registry to take the secret from',
      'config/partners.local.json',
    )
    .option(
      '-u, --url <base>',
      'base URL of the pipeline (default: the local run, http://localhost:$PORT)',
      httpUrl,
    )
    .option('--id <webhook-id>', 'delivery id (default: a new one); reuse one to test a retry')
    .option('--dry-run', 'print the signed request as a curl command instead of sending it')
    .addHelpText(
      'after',
      examples(
        'synd sign --partner almadar tests/fixtures/webhook-article-html.json',
        'synd sign --partner almadar --secret whsec_... --url https://api.example.com delivery.json',
        'synd sign --partner almadar delivery.json --dry-run',
      ),
    )
    .action(async (file: string, options: SignOptions) => {
      const body = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      let secret = options.secret;
      if (secret !== undefined) {
        // Checked here: a malformed secret would otherwise be sent, and refused as a bad signature.
        const checked = webhookSecretSchema.safeParse(secret);
        if (!checked.success) throw new UsageError(`--secret ${checked.error.issues[0]?.message}`);
      }
      if (!secret) {
        const registry = await PartnerRegistry.fromFile(options.partnersFile);
        secret = (await registry.getPartner(options.partner))?.secrets[0];
        if (!secret) {
          throw new UsageError(
            `partner "${options.partner}" is not in ${options.partnersFile}; pass --secret`,
          );
        }
      }
      const signed = signDelivery(secret, body, { deliveryId: options.id });
      // Read when sending, not when the program is built, so a bad PORT only matters to this command.
      const base = options.url ?? localRunUrl();
      const endpoint = `${base}/v1/partners/${encodeURIComponent(options.partner)}/articles`;
      if (options.dryRun) {
        const headers = Object.entries(signed.headers).map(([name, value]) => `-H '${name}: ${value}'`);
        console.log(`curl -i -X POST '${endpoint}' ${headers.join(' ')} --data-binary @${file}`);
        return;
      }
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      }).catch((error: Error) => {
        const reason = (error.cause as Error)?.message ?? error.message;
        const hint = options.url ? '' : ' (is npm start running there? set PORT or pass --url)';
        throw new UnreachableError(`cannot reach ${endpoint}: ${reason}${hint}`);
      });
      console.log(`${response.status} ${response.statusText} (webhook-id ${signed.headers['webhook-id']})`);
      console.log(await response.text());
      if (!response.ok) process.exitCode = 1;
    });
}
