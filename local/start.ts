import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PartnerRegistry } from '../shared/config/partner-registry';
import { ConfigurationError } from '../shared/errors/configuration-error';
import { DataDirectoryInUseError, lockDataDirectory } from './data-directory-lock';
import { writeEditorTokenFile } from './editor-token-file';
import { JavaMissingError, startDynamoDbLocal } from './emulators/dynamodb-local';
import { startS3Server } from './emulators/s3-server';
import { loadLocalConfig } from './local-config';
import { type LocalPipeline, startLocalPipeline } from './local-pipeline';
import { asPortInUse, assertPortFree, PortInUseError } from './port-in-use';
import { isStoreEmpty, seedDemo } from './seed-demo';
import { waitUntilLive } from './wait-until-live';

const TABLE_NAME = 'syndication';
const BUCKET_NAME = 'syndication-site';

// The pinned SDK release supports Node 20 (docs/decisions); its notice about later releases is not actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** How long an orderly stop may take before the process exits anyway (and so kills Java). */
const STOP_DEADLINE_MS = 20_000;
/** How long the start waits for the demo to be published before it says the site runs regardless. */
const DEMO_LIVE_TIMEOUT_MS = 60_000;

let stopping = false;

/**
 * Stops everything on SIGINT (Ctrl-C) and SIGTERM (a process manager), once. npm forwards the
 * terminal's Ctrl-C to us although we had it already, so a repeated signal must not cut the orderly
 * stop short; a stop that hangs is ended by the deadline, and exiting kills Java anyway.
 */
function stopOnSignals(stopEverything: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the server, the stream poller and the emulators...`);
    setTimeout(() => {
      console.error(`npm start: not stopped after ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void stopEverything().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * On an empty store, delivers the sample through the real webhook and waits until it is live, so
 * the site is whole when the start line is printed. Returns the line that reports it.
 */
async function deliverDemo(partners: PartnerRegistry, pipeline: LocalPipeline): Promise<string | undefined> {
  const [demoPartner] = partners.list();
  if (!demoPartner || !(await isStoreEmpty(pipeline.clients.dynamodb, TABLE_NAME))) return undefined;
  const seeded = await seedDemo(pipeline.url, demoPartner);
  const delivered = `the sample article, delivered as ${demoPartner.id} (${seeded.status})`;
  if (seeded.status >= 300) return `  demo:       ${delivered}, was refused: ${JSON.stringify(seeded.body)}`;
  const url = (seeded.body as { url?: string }).url;
  if (await waitUntilLive(pipeline.context.store, DEMO_LIVE_TIMEOUT_MS)) {
    return `  demo:       ${delivered}, is live at ${url}`;
  }
  return `  demo:       ${delivered}, is not live after ${DEMO_LIVE_TIMEOUT_MS / 1000} s; /healthz counts what is pending`;
}

/** `npm start`: the whole pipeline on this machine, no cloud account, no Docker (CONTRACT §5). */
async function main(): Promise<void> {
  const config = loadLocalConfig();
  const partners = await PartnerRegistry.fromFile(config.partnersFile);
  const logger = new Logger({ serviceName: 'syndication-local', logLevel: config.logLevel });
  // Asked before anything starts: a taken port or a data directory in use costs one line, not a Java start.
  await assertPortFree(config.port);
  const { lock, stopped } = await lockDataDirectory(config.dataDir);
  for (const line of stopped) console.log(`npm start: ${line}`);

  const stops: (() => Promise<void>)[] = [];
  const stopEverything = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  stopOnSignals(stopEverything);
  stops.push(lock.release);

  try {
    const dynamodb = await startDynamoDbLocal({
      dataDirectory: join(config.dataDir, 'dynamodb'),
      onSpawn: lock.recordChild,
    });
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
          feedExcerptBytes: config.feedExcerptBytes,
          websubHubs: config.websubHubs,
        },
        // The token printed below is the one the editor API accepts.
        editorAuth: { mode: 'token', token: config.editorToken },
      },
      dynamodbEndpoint: dynamodb.endpoint,
      s3Endpoint: s3.endpoint,
      partners,
      dataDir: config.dataDir,
      logger,
      // Until the demo is live, /healthz says the site is starting.
      deferReady: true,
    });
    stops.push(pipeline.stop);
    // `synd` reads it when it talks to this machine, so a person never copies the token by hand.
    const tokenFile = await writeEditorTokenFile(config.dataDir, config.editorToken);

    const demo = config.seedDemo ? await deliverDemo(partners, pipeline) : undefined;
    pipeline.markReady();

    console.log(`Syndication pipeline running at ${config.publicBaseUrl}/`);
    console.log(`  webhook:    POST ${config.publicBaseUrl}/v1/partners/{partnerId}/articles`);
    console.log(`  feeds:      ${config.publicBaseUrl}/feeds/rss.xml  atom.xml  feed.json`);
    console.log(`  health:     ${config.publicBaseUrl}/healthz`);
    console.log(`  editor API: ${config.publicBaseUrl}/v1/articles  (Authorization: Bearer <editor token>)`);
    console.log(`  console:    ${config.publicBaseUrl}/editor/  (sign in with the editor token)`);
    if (config.websubHubs.length > 0) console.log(`  WebSub:     ${config.websubHubs.join('  ')}`);
    console.log(`  data:       ${config.dataDir}`);
    console.log(`  editor token${config.editorTokenGenerated ? ' (generated)' : ''}: ${config.editorToken}`);
    console.log(`              (also in ${tokenFile}, where synd finds it)`);
    if (demo) console.log(demo);
    console.log('Press Ctrl-C to stop.');
  } catch (error) {
    // A signal during the start stops everything itself; what fails because of that is no error.
    if (stopping) return;
    await stopEverything();
    throw asPortInUse(error, config.port);
  }
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigurationError ||
    error instanceof JavaMissingError ||
    error instanceof PortInUseError ||
    error instanceof DataDirectoryInUseError
  ) {
    console.error(`npm start: ${error.message}`);
  } else {
    console.error('npm start failed:', error);
  }
  process.exit(1);
});
