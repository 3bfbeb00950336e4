import { readFile } from 'node:fs/promises';
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { keys, TABLE_DESIGN } from '../shared/adapters/dynamodb/table-design';
import type { Partner } from '../shared/config/partner-registry-schema';
import { signDelivery } from '../shared/partner-client/sign-delivery';

/** The bundled sample: the Arabic article of `../shared/fixtures`, as partner `almadar` delivers it. */
export const DEMO_DELIVERY = new URL('./demo/webhook-article-text.json', import.meta.url);

/** True when the table holds no article yet (other items, such as rate counters, do not count). */
export async function isStoreEmpty(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const { catalogIndex } = TABLE_DESIGN;
  const { Count } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: catalogIndex.name,
      KeyConditionExpression: '#pk = :catalog',
      ExpressionAttributeNames: { '#pk': catalogIndex.partitionKey },
      ExpressionAttributeValues: { ':catalog': { S: keys.catalogPartition } },
      Limit: 1,
      Select: 'COUNT',
    }),
  );
  return (Count ?? 0) === 0;
}

/**
 * Delivers the sample article through the real signed webhook, so the demo exercises the path a
 * partner takes. Returns the HTTP status and body of the answer.
 */
export async function seedDemo(
  baseUrl: string,
  partner: Partner,
): Promise<{ status: number; body: unknown }> {
  const body = await readFile(DEMO_DELIVERY, 'utf8');
  const [secret] = partner.secrets;
  if (!secret) throw new Error(`partner ${partner.id} has no secret`);
  const signed = signDelivery(secret, body);
  const response = await fetch(`${baseUrl}/v1/partners/${partner.id}/articles`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  return { status: response.status, body: await response.json() };
}
