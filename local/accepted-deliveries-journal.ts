import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { PartnerRegistry } from '../shared/config/partner-registry';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import type { ArticleStore } from '../shared/ports/article-store';
import { eventBody } from '../shared/runtime/api-gateway';

type IngestHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** One accepted delivery as the journal keeps it. */
interface JournalEntry {
  partnerId: string;
  deliveryId: string;
  /** The body as delivered, base64. */
  body: string;
}

/**
 * Notes every delivery the webhook accepts (`202`) in a file before the answer leaves, so a local run
 * killed right after can be made whole on its next start (decision 0034): DynamoDB Local can lose a
 * write it had acknowledged when it is killed, and with it the article, its delivery record and its
 * pending marker. Nothing of the kind exists in AWS, where an acknowledged write is durable.
 */
export function journalAcceptedDeliveries(handler: IngestHandler, file: string): IngestHandler {
  return async (event) => {
    const result = await handler(event);
    const deliveryId = event.headers['webhook-id'];
    if (result.statusCode === 202 && deliveryId) {
      const entry: JournalEntry = {
        partnerId: event.pathParameters?.partnerId ?? '',
        deliveryId,
        body: Buffer.from(eventBody(event)).toString('base64'),
      };
      await appendFile(file, `${JSON.stringify(entry)}\n`);
    }
    return result;
  };
}

async function readEntries(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A line cut short by the kill was never answered: the partner retries it.
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as JournalEntry];
    } catch {
      return [];
    }
  });
}

/**
 * At start, before anything is accepted: delivers again, re-signed with the partner's secret, each
 * journaled delivery whose record the table no longer has, and forgets those it has (they survived
 * a restart, so they are durable). The redelivery keeps its webhook-id, so it makes one article.
 * Returns how many were delivered again.
 */
export async function replayLostDeliveries(options: {
  file: string;
  store: Pick<ArticleStore, 'getDeliveryReceipt'>;
  partners: PartnerRegistry;
  ingest: IngestHandler;
}): Promise<number> {
  const kept: JournalEntry[] = [];
  for (const entry of await readEntries(options.file)) {
    if (await options.store.getDeliveryReceipt(entry.partnerId, entry.deliveryId)) continue;
    const [secret] = options.partners.list().find((partner) => partner.id === entry.partnerId)?.secrets ?? [];
    if (!secret) continue;
    const body = Buffer.from(entry.body, 'base64');
    const signed = signDelivery(secret, body.toString('utf8'), { deliveryId: entry.deliveryId });
    const path = `/v1/partners/${entry.partnerId}/articles`;
    await options.ingest({
      version: '2.0',
      routeKey: `POST ${'/v1/partners/{partnerId}/articles'}`,
      rawPath: path,
      rawQueryString: '',
      headers: signed.headers,
      pathParameters: { partnerId: entry.partnerId },
      body: body.toString('base64'),
      isBase64Encoded: true,
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
    });
    // Kept until a later start finds it stored: the redelivery's own write could be lost the same way.
    kept.push(entry);
  }
  await writeFile(`${options.file}.tmp`, kept.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  await rename(`${options.file}.tmp`, options.file);
  return kept.length;
}
