import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ConflictException,
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAZY_CREDENTIAL_SOURCES, UNPARSED_STYLE_SHEETS } from '../../infra/constructs/function-bundling';
import { ensureBucket, ensureTable } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { putAwsPartnerRegistry } from '../support/aws-partner-registry';
import { dropTable } from '../support/drop-table';
import { parseWithFeedparser } from '../support/feedparser';
import { englishArticle, fixture } from '../support/fixtures';
import { HtmlDocument } from '../support/html-document';
import { httpApiEvent } from '../support/http-api-event';
import { bundleLambda, LAMBDA_ENTRIES, type LambdaName, PROJECT_ROOT } from '../support/lambda-bundle';
import { LambdaContainer } from '../support/lambda-container';
import { shippedEnvironments } from '../support/shipped-environment';
import { StreamBatches } from '../support/stream-batches';
import { ALMADAR_SECRET, OTHER_SECRET, testPartnersDocument } from '../support/test-partners';

const SLUG = '2024-11-russia-taliban-rapprochement';
const TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع حركة طالبان؟';
const CORRECTED_TITLE = 'كيف تزايدت مظاهر التقارب الروسي مع طالبان؟';
const CORRECTION_REASON = 'The title named the movement twice.';
const PUBLIC_BASE_URL = 'https://news.example';
/** The claims API Gateway's JWT authorizer hands the editor function for a Cognito user. */
const EDITOR_CLAIMS = {
  sub: '0f3c1a52-7d4e-4b8e-9a51-2d6f0c9e4b11',
  email: 'editor@news.example',
  token_use: 'access',
};

/**
 * Issue 11, point 7: the bundles the CDK app ships, not the TypeScript source, run the pipeline
 * against DynamoDB Local and the S3 server. Each function is bundled as `NodejsFunction` bundles it
 * (FUNCTION_BUNDLING) and runs in a child process of its own, with only a Lambda's environment, as
 * its own container would: bootstrap, a signed delivery through ingest, the stream batch through
 * the publisher, an editor's list and correction, and a republish job through the republisher
 * (docs/decisions/0032-bundle-test-runs-the-shipped-bundles.md), and an embargoed delivery armed on
 * moto's EventBridge Scheduler, released by the release function with its schedule's input. What each bundle carries is checked
 * too: only the AWS clients its function calls (docs/decisions/0042-lean-lambda-bundles.md), one copy of each
 * package, and no CSS parser in the ingest, which still takes a whole page (decision 0053).
 */
describe('the shipped Lambda bundles', () => {
  let directory: string;
  /** Where esbuild writes what went into a function's bundle (analysis only: the bundle is the same). */
  const metafileOf = (name: LambdaName) => join(directory, `${name}.meta.json`);
  let tableName: string;
  let bucketName: string;
  let s3: S3Client;
  let schedules: SchedulerClient;
  let scheduleGroup: string;
  let batches: StreamBatches;
  const containers = new Map<LambdaName, LambdaContainer>();
  /** Each function's bundle file, and the environment it runs with. */
  const shippedBundles = new Map<LambdaName, { file: string; environment: Record<string, string> }>();
  const container = (name: LambdaName): LambdaContainer => {
    const started = containers.get(name);
    if (!started) throw new Error(`${name} did not start`);
    return started;
  };
  const editor = (request: Parameters<typeof httpApiEvent>[0]) =>
    container('editor').invoke<APIGatewayProxyStructuredResultV2>(
      httpApiEvent({ ...request, claims: EDITOR_CLAIMS }),
    );
  const object = async (key: string): Promise<string> => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
    return (await output.Body?.transformToString('utf-8')) ?? '';
  };
  let articleId: string;
  /** The site's title as the shipped configuration makes it. */
  let siteTitle: string;
  /** A partner's delivery as the HTTP API hands it to the ingest. */
  const delivery = (partnerId: string, body: string, signed: { headers: Record<string, string> }) =>
    httpApiEvent({
      method: 'POST',
      route: '/v1/partners/{partnerId}/articles',
      path: `/v1/partners/${partnerId}/articles`,
      pathParameters: { partnerId },
      headers: signed.headers,
      body,
    });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'syndication-bundles-'));
    const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[];
    const bundles = await Promise.all(
      names.map((name) => bundleLambda(name, directory, [`--metafile=${metafileOf(name)}`])),
    );

    const suffix = randomUUID().slice(0, 8);
    tableName = `bundle-${suffix}`;
    bucketName = `bundle-${suffix}`;
    const dynamodbEndpoint = inject('dynamodbEndpoint');
    const s3Endpoint = inject('s3Endpoint');
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
    s3 = new S3Client({ ...LOCAL_AWS, endpoint: s3Endpoint, forcePathStyle: true });
    const streamArn = await ensureTable(dynamodb, tableName);
    await ensureBucket(s3, bucketName);
    batches = new StreamBatches(
      new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint }),
      streamArn,
    );

    // The registry as a deployment keeps it: profiles in the table, secrets in one secret.
    const secretsManagerEndpoint = inject('secretsManagerEndpoint');
    const secretsManager = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
    const { secretArn } = await putAwsPartnerRegistry({
      dynamodb,
      secretsManager,
      tableName,
      secretName: `bundle-partners-${suffix}`,
      document: testPartnersDocument(),
    });
    secretsManager.destroy();
    // What the CDK app sets on each function, its resources standing for the deployment's, plus what
    // Lambda itself provides: a region and credentials (the emulators', with their endpoints in the
    // SDK's own variables).
    const shipped = shippedEnvironments({
      tableName,
      bucketName,
      publicBaseUrl: PUBLIC_BASE_URL,
      partnerSecretArn: secretArn,
    });
    siteTitle = loadRuntimeConfig(shipped['site-bootstrap']).site.title;
    // The ingest arms releases in the app's schedule group, on moto's EventBridge Scheduler.
    scheduleGroup = loadRuntimeConfig(shipped.ingest).releaseSchedule?.groupName ?? '';
    schedules = new SchedulerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
    try {
      await schedules.send(new CreateScheduleGroupCommand({ Name: scheduleGroup }));
    } catch (error) {
      // Made already by another test file on the same emulator.
      if (!(error instanceof ConflictException)) throw error;
    }
    const environment = (name: LambdaName): Record<string, string> => ({
      ...shipped[name],
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerEndpoint,
      AWS_ENDPOINT_URL_SCHEDULER: secretsManagerEndpoint,
    });
    for (const bundle of bundles)
      shippedBundles.set(bundle.name, { file: bundle.file, environment: environment(bundle.name) });
    const started = await Promise.all(
      bundles.map((bundle) => LambdaContainer.start(bundle.file, { environment: environment(bundle.name) })),
    );
    for (const [index, name] of names.entries()) containers.set(name, started[index] as LambdaContainer);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...containers.values()].map((started) => started.stop()));
    s3?.destroy();
    schedules?.destroy();
    if (tableName) await dropTable(tableName);
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('each bundle carries only the AWS clients its function calls, and none of the credential sources Lambda never reaches', async () => {
    const packages = async (name: LambdaName) => packagesIn(await readFile(metafileOf(name), 'utf8'));
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
      const bundled = await packages(name);
      expect(bundled, name).toContain('@aws-sdk/client-dynamodb');
      expect(bundled.has('@aws-sdk/client-s3'), `${name}: S3`).toBe(SITE_WRITERS.has(name));
      expect(bundled.has('@aws-sdk/client-secrets-manager'), `${name}: Secrets Manager`).toBe(
        name === 'ingest',
      );
      // Only the ingest arms embargo releases; the release function is invoked by the schedule.
      expect(bundled.has('@aws-sdk/client-scheduler'), `${name}: Scheduler`).toBe(name === 'ingest');
      for (const source of LAZY_CREDENTIAL_SOURCES) expect(bundled, name).not.toContain(source);
      expect(bundled, name).not.toContain('@aws-sdk/nested-clients');
    }
  });

  it('each bundle carries one copy of each package, and zod without its classic API', async () => {
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
      const shipped = shippedInputs(await readFile(metafileOf(name), 'utf8'));
      const copies = new Map<string, Set<string>>();
      for (const input of shipped) {
        const root = packageRootOf(input);
        if (root) copies.set(root.name, (copies.get(root.name) ?? new Set()).add(root.directory));
      }
      const duplicated = [...copies].filter(([, directories]) => directories.size > 1).map(([pkg]) => pkg);
      // Two majors of one package are two copies of its code: the ingest once carried three of `entities`.
      expect(duplicated, name).toEqual([]);
      expect(copies.has('zod'), `${name}: zod`).toBe(true);
      // The schemas use zod/mini (shared/config/zod.ts); one `import 'zod'` would bring the classic API back.
      expect(
        shipped.filter((input) => input.includes('node_modules/zod/v4/classic/')),
        name,
      ).toEqual([]);
    }
  });

  it("site-bootstrap writes the empty site: the index, the site's and each partner's feed, with no entries", async () => {
    const result = await container('site-bootstrap').invoke<{ feeds: number; written: number }>({});
    expect(result.feeds).toBeGreaterThan(0);
    expect(result.written).toBeGreaterThan(0);
    const rss = parseWithFeedparser(await object('feeds/rss.xml'));
    expect(rss.bozo, rss.bozoException ?? '').toBe(false);
    expect(rss.title?.value).toBe(siteTitle);
    expect(rss.entries).toEqual([]);
    expect(new HtmlDocument(await object('index.html')).texts('title')).toEqual([siteTitle]);
    // Each partner in the table's registry has its feed from the start.
    const partnerRss = parseWithFeedparser(await object('feeds/partners/almadar/rss.xml'));
    expect(partnerRss.bozo, partnerRss.bozoException ?? '').toBe(false);
    expect(partnerRss.entries).toEqual([]);
  });

  it("ingest refuses a delivery signed with another partner's secret, 401", async () => {
    const body = JSON.stringify(fixture('webhook-article-text.json'));
    const answer = await container('ingest').invoke<APIGatewayProxyStructuredResultV2>(
      delivery('almadar', body, signDelivery(OTHER_SECRET, body, { deliveryId: 'msg_bundle_forged' })),
    );
    expect(answer.statusCode, answer.body).toBe(401);
    expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(emfMetrics(container('ingest').output)).toContainEqual(
      expect.objectContaining({
        namespace: 'Syndication',
        name: 'DeliveriesRefused',
        value: 1,
        dimensions: expect.objectContaining({ reason: 'unauthorized' }),
      }),
    );
  });

  it('ingest answers a signed delivery 202 with its receipt', async () => {
    const body = JSON.stringify(fixture('webhook-article-text.json'));
    const signed = signDelivery(ALMADAR_SECRET, body, { deliveryId: 'msg_bundle_1' });
    const answer = await container('ingest').invoke<APIGatewayProxyStructuredResultV2>(
      delivery('almadar', body, signed),
    );
    expect(answer.statusCode, answer.body).toBe(202);
    const receipt = JSON.parse(answer.body ?? '');
    expect(receipt).toMatchObject({
      revision: 1,
      state: 'pending',
      url: `${PUBLIC_BASE_URL}/articles/${SLUG}.html`,
    });
    articleId = receipt.articleId;
    // Its logs and metrics are the bundle's too: the delivery counted in EMF, as CloudWatch files it.
    expect(emfMetrics(container('ingest').output)).toContainEqual(
      expect.objectContaining({ namespace: 'Syndication', name: 'DeliveriesAccepted', value: 1 }),
    );
  });

  it("publisher, given the stream's batch, publishes the page and the feeds", async () => {
    const batch = await batches.next();
    expect(batch.Records.length).toBeGreaterThan(0);
    await container('publisher').invoke(batch);
    expect(emfMetrics(container('publisher').output).map((metric) => metric.name)).toEqual(
      expect.arrayContaining(['PublishLatency', 'ObjectsWritten']),
    );

    const page = new HtmlDocument(await object(`articles/${SLUG}.html`));
    expect(page.texts('h1')).toEqual([TITLE]);
    for (const key of ['feeds/rss.xml', 'feeds/partners/almadar/rss.xml', 'feeds/languages/ar/rss.xml']) {
      const feed = parseWithFeedparser(await object(key));
      expect(feed.bozo, `${key}: ${feed.bozoException}`).toBe(false);
      expect(feed.entries.map((entry) => entry.title?.value)).toEqual([TITLE]);
      expect(feed.entries[0]?.links.map((link) => link.href)).toContain(
        `${PUBLIC_BASE_URL}/articles/${SLUG}.html`,
      );
    }
  });

  it('editor, behind the JWT authorizer, lists the article as published', async () => {
    const answer = await editor({ method: 'GET', route: '/v1/articles', path: '/v1/articles' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers?.['cache-control']).toBe('no-store');
    const { items } = JSON.parse(answer.body ?? '') as {
      items: { articleId: string; state: string; title: string }[];
    };
    expect(items).toEqual([expect.objectContaining({ articleId, state: 'published', title: TITLE })]);
  });

  it("editor corrects the title as the claims' editor, and the publisher puts the correction live", async () => {
    const answer = await editor({
      method: 'PATCH',
      route: '/v1/articles/{articleId}',
      path: `/v1/articles/${articleId}`,
      pathParameters: { articleId },
      headers: { 'content-type': 'application/json', 'if-match': '"r1"' },
      body: JSON.stringify({ title: CORRECTED_TITLE, reason: CORRECTION_REASON }),
    });
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.headers?.etag).toBe('"r2"');
    expect(JSON.parse(answer.body ?? '')).toMatchObject({
      revision: 2,
      corrections: [{ reason: CORRECTION_REASON, editor: EDITOR_CLAIMS.sub }],
    });

    await container('publisher').invoke(await batches.next());
    const rss = parseWithFeedparser(await object('feeds/rss.xml'));
    expect(rss.entries.map((entry) => entry.title?.value)).toEqual([CORRECTED_TITLE]);
    expect(new HtmlDocument(await object(`articles/${SLUG}.html`)).texts('h1')).toEqual([CORRECTED_TITLE]);
  });

  it('republisher runs the republish job the editor starts to its end', async () => {
    const started = await editor({
      method: 'POST',
      route: '/v1/republish',
      path: '/v1/republish',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'all' }),
    });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = JSON.parse(started.body ?? '') as { jobId: string };

    // Each chunk's progress record continues the job through the stream, as in AWS.
    let job: { state?: string; done?: number; total?: number } = {};
    for (let chunk = 0; chunk < 10 && job.state !== 'done'; chunk++) {
      await container('republisher').invoke(await batches.next());
      const answer = await editor({
        method: 'GET',
        route: '/v1/jobs/{jobId}',
        path: `/v1/jobs/${jobId}`,
        pathParameters: { jobId },
      });
      expect(answer.statusCode, answer.body).toBe(200);
      job = JSON.parse(answer.body ?? '');
    }
    // The one article and every feed it is in, rendered again.
    expect(job).toMatchObject({ state: 'done', done: job.total });
    expect(job.total).toBeGreaterThan(1);
  });

  it('ingest schedules an embargoed delivery; release, invoked with its schedule’s input, takes it live; the publisher publishes it', async () => {
    const body = JSON.stringify({
      ...englishArticle({
        externalId: 'bundle-embargoed',
        url: 'https://other.example/news/bundle-embargoed',
        title: 'Embargoed in the bundle',
        publishedAt: new Date(Date.now() + 2_000).toISOString(),
      }),
      timestamp: new Date().toISOString(),
    });
    const answer = await container('ingest').invoke<APIGatewayProxyStructuredResultV2>(
      delivery('almadar', body, signDelivery(ALMADAR_SECRET, body, { deliveryId: 'msg_bundle_embargo' })),
    );
    expect(answer.statusCode, answer.body).toBe(202);
    const receipt = JSON.parse(answer.body ?? '') as { articleId: string; state: string; url: string };
    expect(receipt.state).toBe('scheduled');
    const pageKey = new URL(receipt.url).pathname.slice(1);
    await container('publisher').invoke(await batches.next());
    const titles = async () =>
      parseWithFeedparser(await object('feeds/rss.xml')).entries.map((entry) => entry.title?.value);
    expect(await titles()).not.toContain('Embargoed in the bundle');

    // What EventBridge Scheduler invokes the release function with: the schedule the ingest armed.
    const { Schedules = [] } = await schedules.send(new ListSchedulesCommand({ GroupName: scheduleGroup }));
    const names = Schedules.map((schedule) => schedule.Name ?? '').filter((name) =>
      name.includes(receipt.articleId),
    );
    expect(names).toHaveLength(1);
    const schedule = await schedules.send(
      new GetScheduleCommand({ Name: names[0], GroupName: scheduleGroup }),
    );
    const released = await container('release').invoke<{ outcome: string }>(
      JSON.parse(schedule.Target?.Input ?? ''),
    );
    expect(released).toEqual({ outcome: 'released' });

    await container('publisher').invoke(await batches.next());
    expect(await titles()).toContain('Embargoed in the bundle');
    expect(new HtmlDocument(await object(pageKey)).texts('h1')).toEqual(['Embargoed in the bundle']);
  });

  it('ingest carries no CSS parser, and takes a whole page with its style sheets; the publisher publishes its article', async () => {
    const shipped = shippedInputs(await readFile(metafileOf('ingest'), 'utf8'));
    expect(shipped.filter((input) => input.includes('node_modules/cssomnom/'))).toEqual([]);
    expect(shipped).toContain(UNPARSED_STYLE_SHEETS);

    const page = await readFile(
      join(PROJECT_ROOT, 'tests/fixtures/extraction/english-science-news.html'),
      'utf8',
    );
    expect(page).toMatch(/<style[\s>]/);
    const body = JSON.stringify({
      ...englishArticle({
        externalId: 'bundle-whole-page',
        url: 'https://other.example/news/bundle-whole-page',
        title: 'Water plumes above Europa',
        contentText: undefined,
        contentHtml: page,
      }),
      timestamp: new Date().toISOString(),
    });
    const answer = await container('ingest').invoke<APIGatewayProxyStructuredResultV2>(
      delivery('almadar', body, signDelivery(ALMADAR_SECRET, body, { deliveryId: 'msg_bundle_whole_page' })),
    );
    expect(answer.statusCode, answer.body).toBe(202);
    const pageKey = new URL((JSON.parse(answer.body ?? '') as { url: string }).url).pathname.slice(1);
    await container('publisher').invoke(await batches.next());
    const article = new HtmlDocument(await object(pageKey));
    expect(article.texts('h1')).toEqual(['Water plumes above Europa']);
    expect(article.text()).toContain("A team led by researchers out of NASA's Goddard");
  });

  it('tells a stack trace in the TypeScript sources, the log line and the error alike, with no --enable-source-maps', async () => {
    const release = shippedBundles.get('release');
    if (!release) throw new Error('the release function was not bundled');
    expect(release.environment.NODE_OPTIONS).toBeUndefined();
    // A deployment missing its table's name: the first invocation fails in our configuration code.
    const { TABLE_NAME: _, ...misconfigured } = release.environment;
    const broken = await LambdaContainer.start(release.file, { environment: misconfigured });
    try {
      const failure = await broken.invoke({}).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failure?.stack).toMatch(
        /\n {4}at loadRuntimeConfig \(\S*shared\/config\/runtime-config\.ts:\d+:\d+\)\n/,
      );
      const logged = broken.output
        .split('\n')
        .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []))
        .find((record) => record.message === 'invocation failed') as
        | { error: { location: string; stack: string } }
        | undefined;
      expect(logged?.error.location).toMatch(/shared\/config\/runtime-config\.ts:\d+$/);
      expect(logged?.error.stack).not.toContain('index.mjs');
    } finally {
      await broken.stop();
    }
  });
});

/** The functions that write the site, and so the only ones given its bucket. */
const SITE_WRITERS = new Set<LambdaName>(['publisher', 'republisher', 'site-bootstrap']);

/** The inputs that left code in the bundle: esbuild lists the tree-shaken ones too, with no bytes. */
function shippedInputs(metafile: string): string[] {
  const { outputs } = JSON.parse(metafile) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  return Object.entries(outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .flatMap(([, output]) => Object.entries(output.inputs))
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

/** The package an input file belongs to, and the directory of that copy of it. */
function packageRootOf(input: string): { name: string; directory: string } | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  const name = first.startsWith('@') ? `${first}/${second}` : first;
  return { name, directory: `${input.slice(0, at)}node_modules/${name}` };
}

/** The packages esbuild's metafile says went into a bundle (`@scope/name` or `name`). */
function packagesIn(metafile: string): Set<string> {
  const { inputs } = JSON.parse(metafile) as { inputs: Record<string, unknown> };
  return new Set(
    Object.keys(inputs).flatMap((input) => {
      const root = packageRootOf(input);
      return root ? [root.name] : [];
    }),
  );
}

/** One metric of a CloudWatch embedded-metric-format line, with the values of its dimensions. */
interface EmfMetric {
  namespace: string;
  name: string;
  value: unknown;
  dimensions: Record<string, unknown>;
}

/** The metrics of every CloudWatch embedded-metric-format line a function printed. */
function emfMetrics(output: string): EmfMetric[] {
  return output.split('\n').flatMap((line) => {
    let record: Record<string, unknown> & {
      _aws?: {
        CloudWatchMetrics?: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
    };
    try {
      record = JSON.parse(line);
    } catch {
      return [];
    }
    return (record._aws?.CloudWatchMetrics ?? []).flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        value: record[metric.Name],
        dimensions: Object.fromEntries(directive.Dimensions.flat().map((name) => [name, record[name]])),
      })),
    );
  });
}
