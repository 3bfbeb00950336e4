import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PartnerRegistry } from '../shared/config/partner-registry';
import { ConfigurationError } from '../shared/errors/configuration-error';
import { JavaMissingError, startDynamoDbLocal } from './emulators/dynamodb-local';
import { startS3Server } from './emulators/s3-server';
import { loadLocalConfig } from './local-config';
import { startLocalPipeline } from './local-pipeline';
import { isStoreEmpty, seedDemo } from './seed-demo';

const TABLE_NAME = 'syndication';
const BUCKET_NAME = 'syndication-site';

// The pinned SDK release supports Node 20 (docs/decisions); its notice about later releases is not actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `npm start`: the whole pipeline on this machine, no cloud account, no Docker (CONTRACT §5). */
async function main(): Promise<void> {
  const config = loadLocalConfig();
  const partners = await PartnerRegistry.fromFile(config.partnersFile);
  const logger = new Logger({
    serviceName: 'syndication-local',
    logLevel: (process.env.LOG_LEVEL ?? 'WARN') as 'WARN',
  });

  const stops: (() => Promise<void>)[] = [];
  const stopEverything = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the server, the stream poller and the emulators...`);
      void stopEverything().then(() => process.exit(0));
    });
  }

  try {
    const dynamodb = await startDynamoDbLocal({ dataDirectory: join(config.dataDir, 'dynamodb') });
    stops.push(dynamodb.stop);
    const s3 = await startS3Server({ directory: join(config.dataDir, 's3') });
    stops.push(s3.stop);
    const pipeline = await startLocalPipeline({
      port: config.port,
      config: {
        tableName: TABLE_NAME,
        bucketName: BUCKET_NAME,
        publicBaseUrl: config.publicBaseUrl,
        site: {
          title: 'Syndicated articles',
          description: 'Articles from our partner outlets, with their source attribution.',
          language: 'en',
        },
      },
      dynamodbEndpoint: dynamodb.endpoint,
      s3Endpoint: s3.endpoint,
      partners,
      dataDir: config.dataDir,
      logger,
    });
    stops.push(pipeline.stop);

    console.log(`Syndication pipeline running at ${config.publicBaseUrl}/`);
    console.log(`  webhook:    POST ${config.publicBaseUrl}/v1/partners/{partnerId}/articles`);
    console.log(`  feeds:      ${config.publicBaseUrl}/feeds/rss.xml  atom.xml  feed.json`);
    console.log(`  health:     ${config.publicBaseUrl}/healthz`);
    console.log(`  data:       ${config.dataDir}`);
    console.log(`  editor token${config.editorTokenGenerated ? ' (generated)' : ''}: ${config.editorToken}`);

    const [demoPartner] = partners.list();
    if (config.seedDemo && demoPartner && (await isStoreEmpty(pipeline.clients.dynamodb, TABLE_NAME))) {
      const seeded = await seedDemo(`http://localhost:${config.port}`, demoPartner);
      console.log(
        `  demo:       delivered the sample article as ${demoPartner.id}: ${seeded.status} ${JSON.stringify(seeded.body)}`,
      );
    }
    console.log('Press Ctrl-C to stop.');
  } catch (error) {
    await stopEverything();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof JavaMissingError) {
    console.error(`npm start: ${error.message}`);
  } else {
    console.error('npm start failed:', error);
  }
  process.exit(1);
});
