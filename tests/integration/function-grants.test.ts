import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
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
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEditorHandler } from '../../functions/editor/handler';
import { createIngestHandler } from '../../functions/ingest/handler';
import { createPublisherHandler } from '../../functions/publisher/handler';
import { createReleaseHandler } from '../../functions/release/handler';
import { createRepublisherHandler } from '../../functions/republisher/handler';
import { createSiteBootstrapHandler } from '../../functions/site-bootstrap/handler';
import { ensureBucket, ensureTable } from '../../local/ensure-resources';
import { LOCAL_AWS } from '../../local/local-credentials';
import { EventBridgeReleaseScheduler } from '../../shared/adapters/scheduler/eventbridge-release-scheduler';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { editorDependencies } from '../../shared/runtime/editor-runtime';
import { loadPartnerDirectory } from '../../shared/runtime/load-partner-directory';
import { createPipelineContext, type PipelineContext } from '../../shared/runtime/pipeline-context';
import { putAwsPartnerRegistry } from '../support/aws-partner-registry';
import { dropTable } from '../support/drop-table';
import { englishArticle, fixture } from '../support/fixtures';
import { type HttpApiRequest, httpApiEvent } from '../support/http-api-event';
import { matchesPattern, permits, type ResolvedStatement, resolveStatements } from '../support/iam-policy';
import {
  dynamodbRequests,
  type IamRequest,
  IamRequestRecorder,
  s3Requests,
  schedulerRequests,
  secretsManagerRequests,
} from '../support/iam-requests';
import { LAMBDA_ENTRIES, type LambdaName } from '../support/lambda-bundle';
import { shippedEnvironments } from '../support/shipped-environment';
import { StreamBatches } from '../support/stream-batches';
import {
  importOf,
  logicalIdOf,
  removeAssemblies,
  statementsOf,
  synthesizeApp,
} from '../support/synthesized-app';
import { ALMADAR_SECRET, testPartnersDocument } from '../support/test-partners';

/** The ARNs the deployed resources would have; the template's imports of the data stack resolve to them. */
const DEPLOYED = {
  table: 'arn:aws:dynamodb:eu-west-1:111122223333:table/Syndication-Data-ArticleTable-1A2B3C4D',
  bucket: 'arn:aws:s3:::syndication-data-sitebucket-1a2b3c4d',
  secret: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:PartnerSecrets-AbCdEf',
  schedulerRole: 'arn:aws:iam::111122223333:role/Syndication-App-ReleaseSchedulerRole-1A2B3C4D',
  region: 'eu-west-1',
  account: '111122223333',
};
/** Services whose actions a role's statements are compared with the calls made, beside the table's. */
const RELEASE_ARMING = /^(scheduler|iam):/;
/** The claims API Gateway's JWT authorizer hands the editor function. */
const EDITOR_CLAIMS = { sub: '0f3c1a52-7d4e-4b8e-9a51-2d6f0c9e4b11', email: 'editor@news.example' };
/**
 * Stream actions the Lambda service uses, with the function's role, to read the table's stream for an
 * event source mapping: granted by the mapping, called by no code of ours.
 */
const EVENT_SOURCE_ACTIONS = new Set([
  'dynamodb:ListStreams',
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

/** Where an action applies on the table: the table's items, or one of its indexes. */
function onTable(action: string, resource: string): string | undefined {
  if (resource === DEPLOYED.table) return `${action} on the table`;
  if (resource.startsWith(`${DEPLOYED.table}/index/`))
    return `${action} on ${resource.slice(DEPLOYED.table.length + 1)}`;
  if (
    action.toLowerCase().startsWith('dynamodb:') &&
    !resource.startsWith(DEPLOYED.table) &&
    matchesPattern(resource, DEPLOYED.table)
  )
    return `${action} on ${resource}`;
  return undefined;
}

/** What a role lets its function do on the table, as `<action> on <table or index>`, beside the stream. */
function grantedOnTable(statements: readonly ResolvedStatement[]): string[] {
  const granted = statements.flatMap((statement) =>
    statement.actions
      .filter((action) => !EVENT_SOURCE_ACTIONS.has(action))
      .flatMap((action) => statement.resources.flatMap((resource) => onTable(action, resource) ?? [])),
  );
  return [...new Set(granted)].sort();
}

/** What a function's calls needed on the table, in the same terms. */
function calledOnTable(requests: readonly IamRequest[]): string[] {
  return [...new Set(requests.flatMap((request) => onTable(request.action, request.resource) ?? []))].sort();
}

/**
 * Least privilege, proved from the calls rather than read from the code (issue 11, point 1): each
 * function does its real work on DynamoDB Local, S3 and the Secrets Manager emulator, from the
 * environment the CDK app gives it, while a recorder turns every call its clients send into the IAM
 * requests AWS would authorize (a transaction into its items' actions). The emulators enforce no IAM,
 * so the test judges each request against the function's role in the synthesized app template, and
 * then compares the other way: the role grants on the table nothing its work did not call.
 */
describe('each function’s role against the calls of its work', () => {
  const roles = new Map<LambdaName, ResolvedStatement[]>();
  const recorders = new Map<LambdaName, IamRequestRecorder>();
  const contexts = new Map<LambdaName, PipelineContext>();
  const clients: { destroy(): void }[] = [];
  let allStatements: { name: string; statements: ResolvedStatement[] }[] = [];
  let tableName: string;
  let bucketName: string;
  let s3: S3Client;
  let batches: StreamBatches;
  let editorAuth: ReturnType<typeof loadRuntimeConfig>['editorAuth'];
  let schedules: SchedulerClient;
  let scheduleGroup: string;

  const context = (name: LambdaName): PipelineContext => {
    const found = contexts.get(name);
    if (!found) throw new Error(`${name} has no context`);
    return found;
  };
  const requestsOf = (name: LambdaName): IamRequest[] => recorders.get(name)?.requests ?? [];
  const roleOf = (name: LambdaName): ResolvedStatement[] => roles.get(name) ?? [];

  const ingest = (body: object, deliveryId: string) => {
    const raw = JSON.stringify(body);
    const signed = signDelivery(ALMADAR_SECRET, raw, { deliveryId });
    return createIngestHandler(context('ingest'))(
      httpApiEvent({
        method: 'POST',
        route: '/v1/partners/{partnerId}/articles',
        path: '/v1/partners/almadar/articles',
        pathParameters: { partnerId: 'almadar' },
        headers: signed.headers,
        body: raw,
      }),
    );
  };
  const publish = async () => createPublisherHandler(context('publisher'))(await batches.next());
  const editor = (request: Omit<HttpApiRequest, 'claims'>, query?: Record<string, string>) => {
    const event: APIGatewayProxyEventV2 = httpApiEvent({ ...request, claims: EDITOR_CLAIMS });
    const withQuery = query
      ? { ...event, rawQueryString: new URLSearchParams(query).toString(), queryStringParameters: query }
      : event;
    return createEditorHandler(editorDependencies(context('editor'), editorAuth))(withQuery);
  };
  const editorJson = (request: Omit<HttpApiRequest, 'claims' | 'headers'>) =>
    editor({ ...request, headers: { 'content-type': 'application/json' } });
  const bodyOf = (answer: APIGatewayProxyStructuredResultV2) => JSON.parse(answer.body ?? '');
  const objectExists = async (key: string) => {
    try {
      await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    // The roles, as the app template grants them, with the data stack's ARNs resolved.
    const { data, dataTemplate, appTemplate, stack } = synthesizeApp();
    removeAssemblies();
    // The app's own resources a role names: the release schedules' region and account, the scheduler's role.
    const references = {
      'AWS::Partition': 'aws',
      'AWS::Region': DEPLOYED.region,
      'AWS::AccountId': DEPLOYED.account,
      [`${logicalIdOf(stack.release.schedulerRole)}.Arn`]: DEPLOYED.schedulerRole,
    };
    const imports = {
      [importOf(dataTemplate, { 'Fn::GetAtt': [logicalIdOf(data.articleTable.table), 'Arn'] })[
        'Fn::ImportValue'
      ]]: DEPLOYED.table,
      [importOf(dataTemplate, { 'Fn::GetAtt': [logicalIdOf(data.siteBucket.bucket), 'Arn'] })[
        'Fn::ImportValue'
      ]]: DEPLOYED.bucket,
      [importOf(dataTemplate, { Ref: logicalIdOf(data.partnerSecrets) })['Fn::ImportValue']]: DEPLOYED.secret,
    };
    for (const resource of Object.values(appTemplate.findResources('AWS::Lambda::Function'))) {
      const service = resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      if (!(service in LAMBDA_ENTRIES)) continue;
      const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      roles.set(
        service as LambdaName,
        resolveStatements(statementsOf(appTemplate, roleId), imports, references),
      );
    }
    allStatements = Object.entries(appTemplate.findResources('AWS::IAM::Policy')).map(([name, policy]) => ({
      name,
      statements: resolveStatements(policy.Properties.PolicyDocument.Statement, imports, references),
    }));

    // The local stack, with the registry where a deployment keeps it.
    const suffix = randomUUID().slice(0, 8);
    tableName = `grants-${suffix}`;
    bucketName = `grants-${suffix}`;
    const dynamodbEndpoint = inject('dynamodbEndpoint');
    const s3Endpoint = inject('s3Endpoint');
    const secretsManagerEndpoint = inject('secretsManagerEndpoint');
    const setup = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
    s3 = new S3Client({ ...LOCAL_AWS, endpoint: s3Endpoint, forcePathStyle: true });
    const streamArn = await ensureTable(setup, tableName);
    await ensureBucket(s3, bucketName);
    const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
    batches = new StreamBatches(streams, streamArn);
    const secretsManager = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
    const { secretArn } = await putAwsPartnerRegistry({
      dynamodb: setup,
      secretsManager,
      tableName,
      secretName: `grants-partners-${suffix}`,
      document: testPartnersDocument(),
    });
    clients.push(setup, s3, streams, secretsManager);

    // Each function as its Lambda builds itself (lambdaContext), from its shipped environment, with
    // clients of its own whose every call is recorded.
    const shipped = shippedEnvironments({
      tableName,
      bucketName,
      publicBaseUrl: 'https://news.example',
      partnerSecretArn: secretArn,
    });
    editorAuth = loadRuntimeConfig(shipped.editor).editorAuth;
    const releaseSchedule = loadRuntimeConfig(shipped.ingest).releaseSchedule;
    if (!releaseSchedule) throw new Error('the app tells ingest no release schedule group');
    const arns = {
      tables: { [tableName]: DEPLOYED.table },
      buckets: { [bucketName]: DEPLOYED.bucket },
      secrets: { [secretArn]: DEPLOYED.secret },
      roles: { [releaseSchedule.roleArn]: DEPLOYED.schedulerRole },
      scheduler: { region: DEPLOYED.region, account: DEPLOYED.account },
    };
    // Moto's EventBridge Scheduler (the emulator started for Secrets Manager), with the app's schedule group.
    schedules = new SchedulerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
    clients.push(schedules);
    scheduleGroup = releaseSchedule.groupName;
    try {
      await schedules.send(new CreateScheduleGroupCommand({ Name: scheduleGroup }));
    } catch (error) {
      // Made already by another test file on the same emulator.
      if (!(error instanceof ConflictException)) throw error;
    }
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
      const config = loadRuntimeConfig(shipped[name]);
      const recorder = new IamRequestRecorder(arns);
      const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
      const bucket = new S3Client({ ...LOCAL_AWS, endpoint: s3Endpoint, forcePathStyle: true });
      recorder.attach(dynamodb, dynamodbRequests);
      recorder.attach(bucket, s3Requests);
      clients.push(dynamodb, bucket);
      const partners = await loadPartnerDirectory(config, {
        dynamodb,
        secretsManager: () => {
          const client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
          recorder.attach(client, secretsManagerRequests);
          clients.push(client);
          return client;
        },
      });
      recorders.set(name, recorder);
      const pipeline = createPipelineContext(config, {
        dynamodb,
        s3: bucket,
        partners,
        logger: new Logger({ logLevel: 'CRITICAL' }),
      });
      // The function told where releases are scheduled arms them through a recorded Scheduler client.
      let releases = pipeline.releases;
      if (config.releaseSchedule) {
        const client = new SchedulerClient({ ...LOCAL_AWS, endpoint: secretsManagerEndpoint });
        recorder.attach(client, schedulerRequests);
        clients.push(client);
        releases = new EventBridgeReleaseScheduler({ client, ...config.releaseSchedule });
      }
      contexts.set(name, { ...pipeline, releases });
    }
  }, 90_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    if (tableName) await dropTable(tableName);
  });

  describe('the work', () => {
    let first: string;
    let second: string;

    it('site-bootstrap renders the empty site', async () => {
      const result = await createSiteBootstrapHandler(context('site-bootstrap'))({});
      expect(result.feeds).toBeGreaterThan(0);
      expect(await objectExists('feeds/rss.xml')).toBe(true);
    });

    it('ingest takes a new article, the same article again, and a second one; the publisher publishes them', async () => {
      const article = fixture('webhook-article-text.json');
      const created = await ingest(article, 'msg_grants_1');
      expect(created.statusCode, created.body).toBe(202);
      first = bodyOf(created).articleId;
      await publish();
      // Unchanged content: only its event time and receipt are recorded.
      const again = await ingest(article, 'msg_grants_2');
      expect(again.statusCode, again.body).toBe(200);
      const other = await ingest(fixture('webhook-article-html.json'), 'msg_grants_3');
      expect(other.statusCode, other.body).toBe(202);
      second = bodyOf(other).articleId;
      await publish();
      expect(await objectExists(`articles/${bodyOf(other).url.split('/').pop()}`)).toBe(true);
    });

    it('site-bootstrap, run again by a redeployment, renders the site with its articles', async () => {
      const result = await createSiteBootstrapHandler(context('site-bootstrap'))({});
      expect(result.feeds).toBeGreaterThan(0);
    });

    it("ingest takes the partner's deletion of the second article; the publisher withdraws it", async () => {
      const deletion = await ingest(
        {
          type: 'article.deleted',
          timestamp: '2024-11-28T12:00:00Z',
          data: { externalId: fixture('webhook-article-html.json').data.externalId },
        },
        'msg_grants_4',
      );
      expect(deletion.statusCode, deletion.body).toBe(202);
      await publish();
      const view = await editor({
        method: 'GET',
        route: '/v1/articles/{articleId}',
        path: `/v1/articles/${second}`,
        pathParameters: { articleId: second },
      });
      expect(bodyOf(view)).toMatchObject({ state: 'withdrawn' });
    });

    it('the editor lists (all, by partner), reads, corrects, republishes and takes down; the publisher follows', async () => {
      const all = await editor({ method: 'GET', route: '/v1/articles', path: '/v1/articles' });
      expect(all.statusCode, all.body).toBe(200);
      const byPartner = await editor(
        { method: 'GET', route: '/v1/articles', path: '/v1/articles' },
        { partner: 'almadar' },
      );
      expect(bodyOf(byPartner).items).toHaveLength(2);
      const path = `/v1/articles/${first}`;
      const route = '/v1/articles/{articleId}';
      const pathParameters = { articleId: first };
      const read = await editor({ method: 'GET', route, path, pathParameters });
      expect(read.statusCode, read.body).toBe(200);
      const corrected = await editor({
        method: 'PATCH',
        route,
        path,
        pathParameters,
        headers: { 'content-type': 'application/json', 'if-match': '"r1"' },
        body: JSON.stringify({ title: 'A corrected title', reason: 'The title was wrong.' }),
      });
      expect(corrected.statusCode, corrected.body).toBe(202);
      await publish();
      const republished = await editorJson({
        method: 'POST',
        route: `${route}/republish`,
        path: `${path}/republish`,
        pathParameters,
        body: JSON.stringify({ reason: 'Template changed.' }),
      });
      expect(republished.statusCode, republished.body).toBe(202);
      await publish();
      const down = await editorJson({
        method: 'POST',
        route: `${route}/unpublish`,
        path: `${path}/unpublish`,
        pathParameters,
        body: JSON.stringify({ reason: 'Court order 2024/117' }),
      });
      expect(down.statusCode, down.body).toBe(202);
      await publish();
      expect(bodyOf(await editor({ method: 'GET', route, path, pathParameters }))).toMatchObject({
        state: 'taken-down',
      });
    });

    it("the republisher runs a whole-site job and a partner's job to their end", async () => {
      for (const scope of ['all', 'partner:almadar']) {
        const started = await editorJson({
          method: 'POST',
          route: '/v1/republish',
          path: '/v1/republish',
          body: JSON.stringify({ scope }),
        });
        expect(started.statusCode, started.body).toBe(202);
        const { jobId } = bodyOf(started) as { jobId: string };
        let job: { state?: string } = {};
        for (let chunk = 0; chunk < 10 && job.state !== 'done'; chunk++) {
          await createRepublisherHandler(context('republisher'))(await batches.next());
          job = bodyOf(
            await editor({
              method: 'GET',
              route: '/v1/jobs/{jobId}',
              path: `/v1/jobs/${jobId}`,
              pathParameters: { jobId },
            }),
          );
        }
        expect(job, scope).toMatchObject({ state: 'done' });
      }
    });

    it('ingest takes an embargoed article and moves its embargo; the release takes it live at its instant; the publisher publishes it', async () => {
      const embargoed = (releaseAt: Date, deliveryId: string) =>
        ingest(
          {
            ...englishArticle({
              externalId: 'grants-embargoed',
              url: 'https://other.example/news/grants-embargoed',
              publishedAt: releaseAt.toISOString(),
            }),
            timestamp: new Date().toISOString(),
          },
          deliveryId,
        );
      const scheduled = await embargoed(new Date(Date.now() + 60_000), 'msg_grants_5');
      expect(scheduled.statusCode, scheduled.body).toBe(202);
      expect(bodyOf(scheduled)).toMatchObject({ state: 'scheduled' });
      const { articleId } = bodyOf(scheduled) as { articleId: string };
      // Moved nearer: the new instant is armed and the old one disarmed.
      const moved = await embargoed(new Date(Date.now() + 2_000), 'msg_grants_6');
      expect(moved.statusCode, moved.body).toBe(202);
      await publish();

      // What EventBridge Scheduler would invoke the release function with: the one schedule left.
      const { Schedules = [] } = await schedules.send(new ListSchedulesCommand({ GroupName: scheduleGroup }));
      const names = Schedules.map((schedule) => schedule.Name ?? '').filter((name) =>
        name.includes(articleId),
      );
      expect(names).toHaveLength(1);
      const schedule = await schedules.send(
        new GetScheduleCommand({ Name: names[0], GroupName: scheduleGroup }),
      );
      const result = await createReleaseHandler(context('release'))(JSON.parse(schedule.Target?.Input ?? ''));
      expect(result).toEqual({ outcome: 'released' });
      await publish();
      const view = await editor({
        method: 'GET',
        route: '/v1/articles/{articleId}',
        path: `/v1/articles/${articleId}`,
        pathParameters: { articleId },
      });
      expect(bodyOf(view)).toMatchObject({ state: 'published' });
    });
  });

  describe('the roles', () => {
    const functions = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

    it.each(functions)('%s: its role allows every call its work made', (name) => {
      expect(requestsOf(name).length).toBeGreaterThan(0);
      const denied = requestsOf(name).filter((request) => !permits(roleOf(name), request));
      expect(denied).toEqual([]);
    });

    it.each(functions)('%s: its role grants nothing on the table that its work did not call', (name) => {
      expect(grantedOnTable(roleOf(name))).toEqual(calledOnTable(requestsOf(name)));
    });

    it('only the editor and the republisher may query an index, and only the two catalog indexes', () => {
      const indexes = Object.fromEntries(
        functions.map((name) => [
          name,
          grantedOnTable(roleOf(name)).filter((grant) => !grant.endsWith('on the table')),
        ]),
      );
      const catalogQueries = ['dynamodb:Query on index/byPartner', 'dynamodb:Query on index/catalog'];
      expect(indexes).toEqual({
        ingest: [],
        publisher: [],
        editor: catalogQueries,
        republisher: catalogQueries,
        'site-bootstrap': [],
        release: [],
      });
    });

    it('no role in the app may Scan, batch-write beyond the content hashes and the sitemap or touch a table other than the article table', () => {
      // A batch write takes no condition: only items whose last write wins may be written so, the content
      // hashes (decision 0039) and the sitemap's entries and shard records (decision 0046).
      const lastWriteWins = new Set(['SITEOBJECT#*', 'SITEMAP#ENTRIES', 'SITEMAP#SHARDS']);
      const lastWriteWinsOnly = (statement: ResolvedStatement) =>
        statement.leadingKeyPatterns?.every((pattern) => lastWriteWins.has(pattern)) === true;
      const broad = allStatements.flatMap(({ name, statements }) =>
        statements.flatMap((statement) =>
          statement.actions
            .filter(
              (action) =>
                matchesPattern(action, 'dynamodb:Scan', { ignoreCase: true }) ||
                (matchesPattern(action, 'dynamodb:BatchWriteItem', { ignoreCase: true }) &&
                  !lastWriteWinsOnly(statement)) ||
                (action.toLowerCase().startsWith('dynamodb:') &&
                  !EVENT_SOURCE_ACTIONS.has(action) &&
                  statement.resources.some((resource) => !resource.startsWith(DEPLOYED.table))),
            )
            .map((action) => `${name}: ${action} on ${statement.resources.join(', ')}`),
        ),
      );
      expect(broad).toEqual([]);
    });

    it('ingest: its role creates and deletes schedules and passes a role exactly as its work did, and no other role may', () => {
      const granted = (name: LambdaName) =>
        roleOf(name).flatMap((statement) =>
          statement.actions
            .filter((action) => RELEASE_ARMING.test(action))
            .flatMap((action) => statement.resources.map((resource) => ({ action, resource }))),
        );
      const called = requestsOf('ingest').filter((request) => RELEASE_ARMING.test(request.action));
      expect([...new Set(called.map((request) => request.action))].sort()).toEqual([
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
      ]);
      // Each grant (action on resource) was used by a call, so the role holds no action or resource the work did not need.
      const unused = granted('ingest').filter(
        (grant) =>
          !called.some(
            (request) => request.action === grant.action && matchesPattern(grant.resource, request.resource),
          ),
      );
      expect(unused).toEqual([]);
      expect(
        granted('ingest')
          .map((grant) => `${grant.action} on ${grant.resource}`)
          .sort(),
      ).toEqual([
        `iam:PassRole on ${DEPLOYED.schedulerRole}`,
        `scheduler:CreateSchedule on arn:aws:scheduler:${DEPLOYED.region}:${DEPLOYED.account}:schedule/${scheduleGroup}/*`,
        `scheduler:DeleteSchedule on arn:aws:scheduler:${DEPLOYED.region}:${DEPLOYED.account}:schedule/${scheduleGroup}/*`,
      ]);
      expect(functions.filter((name) => granted(name).length > 0)).toEqual(['ingest']);
    });

    it('only the ingest reads the partner secret, and it read it', () => {
      const readers = functions.filter((name) =>
        permits(roleOf(name), {
          action: 'secretsmanager:GetSecretValue',
          resource: DEPLOYED.secret,
          command: 'GetSecretValue',
        }),
      );
      expect(readers).toEqual(['ingest']);
      expect(requestsOf('ingest').map((request) => request.action)).toContain(
        'secretsmanager:GetSecretValue',
      );
    });
  });
});
