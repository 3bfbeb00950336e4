import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ScheduledRelease } from '../../domain/embargo';
import type { ReleaseScheduler } from '../../ports/release-scheduler';
import { NodeSha256 } from './node-sha256';

/** Where an embargo's one-time schedules live and what they invoke (infra/constructs/release-function.ts). */
export interface ReleaseScheduleSettings {
  /** The schedule group ingest may create schedules in, and nothing else. */
  groupName: string;
  /** The release function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke it (it may invoke that function only). */
  roleArn: string;
}

/** Options of the EventBridge Scheduler release scheduler. */
export interface EventBridgeReleaseSchedulerOptions extends ReleaseScheduleSettings {
  /** A client of the same account and region; its credentials and region sign the requests. */
  client: DynamoDBClient;
  /** The API's address; `https://scheduler.<region>.amazonaws.com` by default. */
  endpoint?: string;
  fetch?: typeof fetch;
}

/** A schedule that fires this often at most and for this long, as EventBridge Scheduler's defaults. */
const RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

/**
 * The schedule of one release: one per article and instant, so a moved embargo gets a new schedule
 * and the old one can be deleted (or left to fire and do nothing). At most 64 characters.
 */
export function releaseScheduleName(release: ScheduledRelease): string {
  return `release-${release.articleId}-${new Date(release.releaseAt).getTime()}`;
}

/**
 * EventBridge Scheduler's `at()` takes whole seconds, in the schedule's time zone (UTC here): the
 * instant rounded up, so a schedule never fires before it (the release waits out the rest).
 */
export function atExpression(releaseAt: string): string {
  const seconds = Math.ceil(new Date(releaseAt).getTime() / 1000);
  return `at(${new Date(seconds * 1000).toISOString().slice(0, 19)})`;
}

/**
 * Embargo releases as EventBridge Scheduler one-time schedules (`at(...)`, deleted after they fire),
 * each invoking the release function with the release as its input. Called through the service's
 * REST API, signed with SigV4 (`@smithy/signature-v4`, already under every SDK client), because the
 * Scheduler SDK client is not a dependency of this project; the three calls it makes are small.
 */
export class EventBridgeReleaseScheduler implements ReleaseScheduler {
  readonly #options: EventBridgeReleaseSchedulerOptions;

  constructor(options: EventBridgeReleaseSchedulerOptions) {
    this.#options = options;
  }

  async arm(release: ScheduledRelease): Promise<void> {
    const name = releaseScheduleName(release);
    const { status, type } = await this.#send(
      'POST',
      `/schedules/${name}`,
      {},
      {
        ActionAfterCompletion: 'DELETE',
        FlexibleTimeWindow: { Mode: 'OFF' },
        GroupName: this.#options.groupName,
        ScheduleExpression: atExpression(release.releaseAt),
        ScheduleExpressionTimezone: 'UTC',
        Description: `Releases article ${release.articleId} from embargo at ${release.releaseAt}`,
        Target: {
          Arn: this.#options.targetArn,
          RoleArn: this.#options.roleArn,
          Input: JSON.stringify(release),
          RetryPolicy: RETRY_POLICY,
        },
      },
    );
    // Already armed (a retried delivery, a racing one): the same name is the same release.
    if (status === 409 || type === 'ConflictException') return;
    if (status >= 300)
      throw new Error(`EventBridge Scheduler CreateSchedule ${name}: ${status} ${type ?? ''}`);
  }

  async disarm(release: ScheduledRelease): Promise<void> {
    const name = releaseScheduleName(release);
    const { status, type } = await this.#send('DELETE', `/schedules/${name}`, {
      groupName: this.#options.groupName,
    });
    // Gone already: it fired (and deleted itself) or was never made.
    if (status === 404 || type === 'ResourceNotFoundException') return;
    if (status >= 300)
      throw new Error(`EventBridge Scheduler DeleteSchedule ${name}: ${status} ${type ?? ''}`);
  }

  async #send(
    method: 'POST' | 'DELETE',
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; type: string | undefined }> {
    const region = await this.#options.client.config.region();
    const endpoint = new URL(this.#options.endpoint ?? `https://scheduler.${region}.amazonaws.com`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signer = new SignatureV4({
      credentials: this.#options.client.config.credentials,
      region,
      service: 'scheduler',
      sha256: NodeSha256,
    });
    const signed = await signer.sign({
      method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port === '' ? undefined : Number(endpoint.port),
      path,
      query,
      headers: {
        host: endpoint.host,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload,
    });
    const url = new URL(path, endpoint);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await (this.#options.fetch ?? fetch)(url, {
      method,
      headers: signed.headers,
      body: payload,
    });
    await response.arrayBuffer();
    const type = response.headers.get('x-amzn-errortype')?.split(':')[0];
    return { status: response.status, type };
  }
}
