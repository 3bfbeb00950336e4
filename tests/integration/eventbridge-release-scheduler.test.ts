import { randomUUID } from 'node:crypto';
import { CreateScheduleGroupCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../local/local-credentials';
import {
  EventBridgeReleaseScheduler,
  releaseScheduleName,
} from '../../shared/adapters/scheduler/eventbridge-release-scheduler';

/**
 * The AWS adapter of embargo releases against moto's EventBridge Scheduler (the emulator the global
 * setup starts for Secrets Manager answers every service it knows): what ingest arms in AWS.
 */
describe('EventBridge Scheduler release scheduler', () => {
  const client = new SchedulerClient({ ...LOCAL_AWS, endpoint: inject('secretsManagerEndpoint') });
  const groupName = `releases-${randomUUID().slice(0, 8)}`;
  const settings = {
    groupName,
    targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:release',
    roleArn: 'arn:aws:iam::123456789012:role/release-scheduler',
  };
  const scheduler = new EventBridgeReleaseScheduler({ client, ...settings });
  const release = { articleId: 'art_01JD2X3Y4Z5A6B7C8D9E0F1G2H', releaseAt: '2031-03-04T05:06:07.250Z' };

  beforeAll(async () => {
    await client.send(new CreateScheduleGroupCommand({ Name: groupName }));
  });
  afterAll(() => client.destroy());

  it('arms a one-time schedule at the instant rounded up to the second, invoking the release with it', async () => {
    await scheduler.arm(release);
    const schedule = await client.send(
      new GetScheduleCommand({ Name: releaseScheduleName(release), GroupName: groupName }),
    );
    expect(schedule.ScheduleExpression).toBe('at(2031-03-04T05:06:08)');
    expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule.ActionAfterCompletion).toBe('DELETE');
    expect(schedule.Target?.Arn).toBe(settings.targetArn);
    expect(schedule.Target?.RoleArn).toBe(settings.roleArn);
    expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual(release);
  });

  it('takes arming the same release again as done, as a retried delivery does', async () => {
    await expect(scheduler.arm(release)).resolves.toBeUndefined();
  });

  it('disarms it, and takes disarming one already gone as done', async () => {
    await scheduler.disarm(release);
    await expect(
      client.send(new GetScheduleCommand({ Name: releaseScheduleName(release), GroupName: groupName })),
    ).rejects.toThrow(/does not exist/);
    await expect(scheduler.disarm(release)).resolves.toBeUndefined();
  });

  it('raises what is not a conflict or a missing schedule', async () => {
    const elsewhere = new EventBridgeReleaseScheduler({ client, ...settings, groupName: 'no-such-group' });
    await expect(elsewhere.arm({ ...release, articleId: 'art_other' })).rejects.toThrow();
  });
});
