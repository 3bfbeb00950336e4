import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { readSiteHealth } from '../../local/site-health';

const logger = new Logger({ serviceName: 'site-health-test', logLevel: 'SILENT' });

describe('readSiteHealth', () => {
  it('says starting, without reading the store, until the start-up work is done', async () => {
    let reads = 0;
    const health = await readSiteHealth({
      isReady: () => false,
      countPendingPublishes: async () => {
        reads++;
        return 0;
      },
      countScheduledReleases: async () => {
        reads++;
        return 0;
      },
      logger,
    });
    expect(health).toEqual({ status: 'starting' });
    expect(reads).toBe(0);
  });

  it('reports the pending count and the articles under embargo, apart, once ready', async () => {
    const health = await readSiteHealth({
      isReady: () => true,
      countPendingPublishes: async () => 3,
      countScheduledReleases: async () => 2,
      logger,
    });
    expect(health).toEqual({ status: 'ok', pendingPublishes: 3, scheduledReleases: 2 });
  });

  it('says unavailable, naming no internals, when the store cannot be read', async () => {
    const health = await readSiteHealth({
      isReady: () => true,
      countPendingPublishes: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
      },
      countScheduledReleases: async () => 0,
      logger,
    });
    expect(health).toEqual({ status: 'unavailable' });
  });
});
