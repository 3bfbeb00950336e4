import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every adapter uses. `DynamoDBDocumentClient.from` writes its marshalling
 * options into the *shared* client's configuration, so two adapters wrapping one client with
 * different options silently overwrite each other: every adapter goes through here instead.
 */
export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
