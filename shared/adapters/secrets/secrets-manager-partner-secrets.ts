import { randomUUID } from 'node:crypto';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import * as z from '../../config/zod';
import { describeIssues } from '../../config/zod-issues';
import { ConfigurationError } from '../../errors/configuration-error';
import { PartnerSecretsChangedError } from '../../errors/partner-registry-errors';
import type {
  PartnerSecretMap,
  PartnerSecretStore,
  PartnerSecretsVersion,
} from '../../ports/partner-secrets';

/** What the secret holds: every partner's secrets, newest first. Each secret is judged with its partner. */
const partnerSecretsDocument = z.object({ partners: z.record(z.string(), z.array(z.string())) });

/** The value a deployment's secret starts with: no partner yet. */
export const EMPTY_PARTNER_SECRETS = JSON.stringify({ partners: {} });

/** How long a Lambda container keeps the secret before it reads it again: a rotation is seen within this. */
export const PARTNER_SECRETS_MAX_AGE_SECONDS = 60;

/**
 * The label a new version is written under before it is made current. Moving `AWSCURRENT` to it names
 * the version we read as the one to move it from, and Secrets Manager refuses that move when another
 * write made its version current meanwhile: a compare-and-set on the whole document.
 */
const PENDING_STAGE = 'SYND_PENDING';

/**
 * The version every reader reads, named on each read although it is the default: moto, the tests'
 * Secrets Manager, keeps serving the version it last wrote as current after the label moved.
 */
const CURRENT_STAGE = 'AWSCURRENT';

/** Options of the Secrets Manager partner secrets. */
export interface SecretsManagerPartnerSecretsOptions {
  client: SecretsManagerClient;
  /** The secret's ARN or name. */
  secretId: string;
  /** How long a read is reused; default {@link PARTNER_SECRETS_MAX_AGE_SECONDS}. */
  maxAgeSeconds?: number;
}

/**
 * Every partner's webhook secrets as ONE Secrets Manager secret, `{ "partners": { id: [secrets] } }`
 * (docs/decisions/0029-partner-registry-in-the-table.md). The ingest reads it through Powertools'
 * `SecretsProvider`, once per container and again after `maxAgeSeconds`, so a rotation reaches every
 * container within a minute without a cold start. The operator's command reads it uncached and writes
 * it whole, conditionally on the version it read (see {@link PENDING_STAGE}).
 */
export class SecretsManagerPartnerSecrets implements PartnerSecretStore {
  readonly #client: SecretsManagerClient;
  readonly #provider: SecretsProvider;
  readonly #secretId: string;
  readonly #maxAgeSeconds: number;
  /** The last text read and what it parsed to: the cached text is parsed once, not per delivery. */
  #parsed: { text: string; partners: PartnerSecretMap } | undefined;

  constructor(options: SecretsManagerPartnerSecretsOptions) {
    this.#client = options.client;
    this.#provider = new SecretsProvider({ awsSdkV3Client: options.client });
    this.#secretId = options.secretId;
    this.#maxAgeSeconds = options.maxAgeSeconds ?? PARTNER_SECRETS_MAX_AGE_SECONDS;
  }

  async secretsOf(partnerId: string): Promise<string[]> {
    let text: unknown;
    try {
      text = await this.#provider.get(this.#secretId, {
        maxAge: this.#maxAgeSeconds,
        sdkOptions: { VersionStage: CURRENT_STAGE },
      });
    } catch (error) {
      // A secret that never had a value holds no partner: deliveries are refused, not failed.
      if (hasNoCurrentValue((error as Error).cause)) return [];
      throw new ConfigurationError(`cannot read the partner secrets ${this.#secretId}`, { cause: error });
    }
    if (typeof text !== 'string') {
      throw new ConfigurationError(`the partner secrets ${this.#secretId} hold no text`);
    }
    if (this.#parsed?.text !== text) this.#parsed = { text, partners: this.#parse(text) };
    return [...(this.#parsed.partners[partnerId] ?? [])];
  }

  async read(): Promise<PartnerSecretsVersion> {
    try {
      const value = await this.#client.send(
        new GetSecretValueCommand({ SecretId: this.#secretId, VersionStage: CURRENT_STAGE }),
      );
      if (value.SecretString === undefined || value.VersionId === undefined) {
        throw new ConfigurationError(`the partner secrets ${this.#secretId} hold no text`);
      }
      return { versionId: value.VersionId, partners: this.#parse(value.SecretString) };
    } catch (error) {
      // A secret created without a value has no current version yet: it holds no partner.
      if (hasNoCurrentValue(error)) {
        return { versionId: '', partners: {} };
      }
      throw error;
    }
  }

  async write(partners: PartnerSecretMap, basedOn: string): Promise<void> {
    const text = JSON.stringify({ partners } satisfies z.input<typeof partnerSecretsDocument>);
    if (basedOn === '') {
      await this.#client.send(
        new PutSecretValueCommand({
          SecretId: this.#secretId,
          SecretString: text,
          ClientRequestToken: randomUUID(),
        }),
      );
      return;
    }
    const written = await this.#client.send(
      new PutSecretValueCommand({
        SecretId: this.#secretId,
        SecretString: text,
        ClientRequestToken: randomUUID(),
        VersionStages: [PENDING_STAGE],
      }),
    );
    try {
      await this.#client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: this.#secretId,
          VersionStage: CURRENT_STAGE,
          MoveToVersionId: written.VersionId,
          RemoveFromVersionId: basedOn,
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidParameterException') {
        throw new PartnerSecretsChangedError({ cause: error });
      }
      throw error;
    }
  }

  /** Parses the secret's text; a message never quotes it, since it is made of secrets. */
  #parse(text: string): PartnerSecretMap {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new ConfigurationError(
        `the partner secrets ${this.#secretId} are not JSON; they must be ${EMPTY_PARTNER_SECRETS} or hold partners`,
      );
    }
    const result = partnerSecretsDocument.safeParse(document);
    if (!result.success) {
      throw new ConfigurationError(
        `the partner secrets ${this.#secretId} are invalid: ${describeIssues(result.error)}`,
      );
    }
    return result.data.partners;
  }
}

/** Secrets Manager's answer for a secret that exists but has no current version yet. */
function hasNoCurrentValue(error: unknown): boolean {
  return error instanceof ResourceNotFoundException && /staging label/i.test(error.message);
}
