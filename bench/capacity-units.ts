import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { ensureBucket, ensureTableWithoutStream } from '../local/ensure-resources';
import { LOCAL_AWS } from '../local/local-credentials';
import { DEMO_DELIVERY } from '../local/seed-demo';
import { ingestDelivery } from '../shared/ingest/ingest-delivery';
import { signDelivery } from '../shared/partner-client/sign-delivery';
import { publishChanges } from '../shared/publish/publish-changes';
import { benchPipelineContext } from './bench-context';
import { BENCH_SECRET, benchPartners } from './bench-partner';
import { isEntryPoint, withBenchStack } from './bench-stack';

/**
 * `npm run bench:capacity`: what one article costs in DynamoDB capacity units and S3 requests, the
 * figures behind docs/deploy.md's cost table. Delivers the bundled sample through the ingest use case
 * and publishes it, one article at a time (the dearest case), with `ReturnConsumedCapacity` on every
 * DynamoDB request, against DynamoDB Local and the local S3 server. The first articles fill the feeds
 * and their RFC 5005 archives; the measured ones are the next `MEASURED`, so their average includes
 * the one publish in 50 that seals an archive. Prints a table; writes nothing.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Enough for full feeds (50) and a sealed archive behind them (50 more), then some. */
const WARM_UP = 110;
const MEASURED = 50;

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface Tally {
  readUnits: number;
  writeUnits: number;
  /** Bytes of the objects put in the bucket. */
  putBytes: number;
  requests: Map<string, number>;
}

const emptyTally = (): Tally => ({ readUnits: 0, writeUnits: 0, putBytes: 0, requests: new Map() });

/** One article's delivery and publish: ingest's and the publisher's capacity units and requests. */
export interface ArticleCapacity {
  deliveryBytes: number;
  ingest: Tally;
  publish: Tally;
}

export async function measureCapacity(measured = MEASURED): Promise<ArticleCapacity> {
  return withBenchStack(async (endpoints) => {
    const name = `capacity-${randomUUID().slice(0, 6)}`;
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
    const s3 = new S3Client({ ...LOCAL_AWS, endpoint: endpoints.s3, forcePathStyle: true });
    await ensureTableWithoutStream(dynamodb, name);
    await ensureBucket(s3, name);

    // Where requests are counted: a throwaway while the feeds fill, then ingest's or the publisher's.
    const ingest = emptyTally();
    const publish = emptyTally();
    let tally = emptyTally();
    const count = (operation: string) =>
      tally.requests.set(operation, (tally.requests.get(operation) ?? 0) + 1);
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        // The document client sends the table's own commands through this stack: `GetItemCommand`, not `GetCommand`.
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const metered = READS.has(operation) || WRITES.has(operation);
        if (metered) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        count(`dynamodb.${operation}`);
        if (metered) {
          const consumed = [(result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity].flat();
          const units = consumed.reduce<number>(
            (sum, entry) => sum + ((entry as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0),
            0,
          );
          if (READS.has(operation)) tally.readUnits += units;
          else tally.writeUnits += units;
        }
        return result;
      },
      { step: 'initialize', name: 'consumedCapacity' },
    );
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        count(`s3.${(context.commandName ?? '').replace(/Command$/, '')}`);
        const body = (args.input as { Body?: unknown }).Body;
        if (typeof body === 'string') tally.putBytes += Buffer.byteLength(body);
        else if (body instanceof Uint8Array) tally.putBytes += body.byteLength;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );

    const partners = benchPartners({ id: 'almadar', name: 'Al-Madar' });
    const context = benchPipelineContext(name, { dynamodb, s3, partners });

    const sample = JSON.parse(await readFile(DEMO_DELIVERY, 'utf8')) as {
      timestamp: string;
      data: Record<string, unknown>;
    };
    const epoch = Date.parse('2024-11-27T09:00:00Z');
    const deliver = async (index: number) => {
      const at = new Date(epoch + index * 60_000).toISOString();
      const body = JSON.stringify({
        ...sample,
        timestamp: at,
        data: {
          ...sample.data,
          externalId: `capacity-${index}`,
          url: `https://almadar.example/capacity-${index}`,
          publishedAt: at,
        },
      });
      const signed = signDelivery(BENCH_SECRET, body);
      const outcome = await ingestDelivery(
        {
          partnerId: 'almadar',
          contentType: 'application/json',
          headers: signed.headers,
          body: Buffer.from(body),
        },
        context,
      );
      return { articleId: outcome.receipt.articleId, bytes: Buffer.byteLength(body) };
    };

    for (let index = 0; index < WARM_UP; index++)
      await publishChanges([{ articleId: (await deliver(index)).articleId }], context);

    let deliveryBytes = 0;
    for (let index = WARM_UP; index < WARM_UP + measured; index++) {
      tally = ingest;
      const { articleId, bytes } = await deliver(index);
      deliveryBytes = bytes;
      tally = publish;
      await publishChanges([{ articleId }], context);
    }
    const perArticle = (of: Tally): Tally => ({
      readUnits: of.readUnits / measured,
      writeUnits: of.writeUnits / measured,
      putBytes: of.putBytes / measured,
      requests: new Map([...of.requests].map(([operation, n]) => [operation, n / measured])),
    });
    dynamodb.destroy();
    s3.destroy();
    return { deliveryBytes, ingest: perArticle(ingest), publish: perArticle(publish) };
  });
}

if (isEntryPoint(import.meta.url)) {
  const figures = await measureCapacity();
  const line = (phase: string, of: Tally) =>
    `| ${phase} | ${of.readUnits.toFixed(1)} | ${of.writeUnits.toFixed(1)} | ${Math.round(of.putBytes / 1024)} KiB | ${[
      ...of.requests,
    ]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, n]) => `${operation} ${Number(n.toFixed(2))}`)
      .join(', ')} |`;
  console.log(
    [
      `Per article, averaged over ${MEASURED} (a delivery of ${figures.deliveryBytes} bytes, published alone):`,
      '',
      '| phase | read units | write units | bytes put in the bucket | requests |',
      '| --- | --- | --- | --- | --- |',
      line('ingest', figures.ingest),
      line('publish', figures.publish),
    ].join('\n'),
  );
}
