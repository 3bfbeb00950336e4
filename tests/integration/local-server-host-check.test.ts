import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { createLocalHttpServer } from '../../local/http-server';
import { LOCAL_AWS } from '../../local/local-credentials';
import { signDelivery } from '../../shared/partner-client/sign-delivery';
import { englishArticle } from '../support/fixtures';
import { sendRaw } from '../support/raw-http';
import { ALMADAR_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

/** Names a page on another origin would send after rebinding its DNS name to 127.0.0.1. */
function foreignHosts(port: number): string[] {
  return [
    'evil.example',
    `evil.example:${port}`,
    `localhost.evil.example:${port}`,
    `localhost:${port + 1}`,
    'localhost',
    `127.0.0.2:${port}`,
  ];
}

describe('the local server answers only requests addressed to it (no DNS rebinding)', () => {
  let stack: TestPipeline;
  let port: number;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    port = Number(new URL(stack.url).port);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['/healthz', '/', '/feeds/rss.xml'])('answers 421 to GET %s under a foreign Host', async (path) => {
    for (const host of foreignHosts(port)) {
      const answer = await sendRaw(stack.url, { path, headers: { host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 421 });
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.json).toMatchObject({ type: '/problems/misdirected-request', status: 421 });
    }
  });

  it('refuses a correctly signed delivery under a foreign Host, and stores nothing', async () => {
    const before = await stack.contentItems();
    const body = JSON.stringify(englishArticle({ externalId: 'rebound' }));
    const answer = await sendRaw(stack.url, {
      path: '/v1/partners/almadar/articles',
      headers: { ...signDelivery(ALMADAR_SECRET, body).headers, host: `evil.example:${port}` },
      body,
      declareLength: true,
    });
    expect(answer.status).toBe(421);
    expect(await stack.contentItems()).toEqual(before);
  });

  it('answers under every name of the loopback interface, with its port, in any case', async () => {
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await sendRaw(stack.url, { path: '/healthz', headers: { host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
    }
  });

  it('answers the name PUBLIC_BASE_URL gives it', async () => {
    const server = createLocalHttpServer({
      routes: [],
      s3: new S3Client({ ...LOCAL_AWS, endpoint: 'http://127.0.0.1:9' }),
      bucketName: 'unused',
      publicBaseUrl: 'https://news.example/site',
      health: async () => ({ status: 'ok' }),
      logger: new Logger({ serviceName: 'syndication-test', logLevel: 'CRITICAL' }),
    });
    const serverPort = await freePort();
    await new Promise<void>((resolve) => server.listen(serverPort, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${serverPort}`;
      const statusFor = async (host: string) =>
        (await sendRaw(base, { path: '/healthz', headers: { host } })).status;
      expect(await statusFor('news.example')).toBe(200);
      expect(await statusFor('News.Example:443')).toBe(200);
      expect(await statusFor(`localhost:${serverPort}`)).toBe(200);
      expect(await statusFor('news.example:80')).toBe(421);
      expect(await statusFor('other.example')).toBe(421);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
