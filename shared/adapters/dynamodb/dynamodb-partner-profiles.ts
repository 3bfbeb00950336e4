import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { PublicPartner } from '../../config/partner-registry-schema';
import { PartnerExistsError, UnknownPartnerError } from '../../errors/partner-registry-errors';
import type { PartnerProfiles } from '../../ports/partner-profiles';
import { isConditionFailure } from './condition-failure';
import { documentClientFor } from './document-client';
import { keys, PARTNER_ENTITY } from './table-design';

/** Options of the DynamoDB partner profiles. */
export interface DynamoDbPartnerProfilesOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * Partner profiles as `PARTNERS` / `PARTNER#{id}` items of the article table (docs/data-model.md),
 * the document under `profile`. All in one partition, so listing the registry is one Query; reads are
 * strongly consistent, so a command's change is what the next read sees.
 */
export class DynamoDbPartnerProfiles implements PartnerProfiles {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbPartnerProfilesOptions) {
    this.#documents = documentClientFor(options.client);
    this.#table = options.tableName;
  }

  async get(partnerId: string): Promise<unknown> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: keys.partnerProfile(partnerId), ConsistentRead: true }),
    );
    return Item?.profile;
  }

  async list(): Promise<unknown[]> {
    const profiles: unknown[] = [];
    const pages = paginateQuery(
      { client: this.#documents },
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :partners',
        ExpressionAttributeValues: { ':partners': keys.partnersPartition },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) profiles.push(item.profile);
    return profiles;
  }

  async create(profile: PublicPartner): Promise<void> {
    try {
      await this.#put(profile, 'attribute_not_exists(pk)');
    } catch (error) {
      if (isConditionFailure(error)) throw new PartnerExistsError(profile.id, { cause: error });
      throw error;
    }
  }

  async replace(profile: PublicPartner): Promise<void> {
    try {
      await this.#put(profile, 'attribute_exists(pk)');
    } catch (error) {
      if (isConditionFailure(error)) throw new UnknownPartnerError(profile.id, { cause: error });
      throw error;
    }
  }

  async delete(partnerId: string): Promise<boolean> {
    const { Attributes } = await this.#documents.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: keys.partnerProfile(partnerId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async #put(profile: PublicPartner, condition: string): Promise<void> {
    await this.#documents.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...keys.partnerProfile(profile.id),
          entity: PARTNER_ENTITY,
          partnerId: profile.id,
          profile,
          updatedAt: new Date().toISOString(),
        },
        ConditionExpression: condition,
      }),
    );
  }
}
