import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEditorUseCases } from '../support/fake-editor-use-cases';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

/**
 * The editor API as `npm start` serves it: each route reaches the editor function through the local
 * server as API Gateway would route it, with the token the run was started with. The use cases are
 * the in-memory fake; what they do to storage is tested with them.
 */
describe('the editor API on the local server', () => {
  const useCases = new FakeEditorUseCases();
  let pipeline: TestPipeline;
  const auth = { authorization: `Bearer ${TEST_EDITOR_TOKEN}` };

  beforeAll(async () => {
    pipeline = await TestPipeline.start({ editorUseCases: () => useCases });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('answers 401 problem+json with WWW-Authenticate without the token, and with another', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-token-of-this-run' }];
    for (const headers of attempts) {
      const answer = await pipeline.request('GET', '/v1/articles', { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(useCases.calls).toEqual([]);
  });

  it('serves every route with the token', async () => {
    const json = { ...auth, 'content-type': 'application/json' };
    const answers = [
      await pipeline.request('GET', '/v1/articles?partner=almadar&limit=5', { headers: auth }),
      await pipeline.request('GET', '/v1/articles/almadar-1', { headers: auth }),
      await pipeline.request('PATCH', '/v1/articles/almadar-1', {
        headers: { ...json, 'if-match': '"r3"' },
        body: JSON.stringify({ reason: 'Misspelt name', title: 'Rains return' }),
      }),
      await pipeline.request('POST', '/v1/articles/almadar-1/unpublish', {
        headers: json,
        body: JSON.stringify({ reason: 'Court order' }),
      }),
      await pipeline.request('POST', '/v1/articles/almadar-1/republish', { headers: auth }),
      await pipeline.request('POST', '/v1/republish', {
        headers: json,
        body: JSON.stringify({ scope: 'feeds' }),
      }),
      await pipeline.request('GET', '/v1/jobs/job-0001', { headers: auth }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 202, 202, 202, 202, 200]);
    expect(answers[1]?.headers.get('etag')).toBe('"r3"');
    expect(answers[5]?.headers.get('location')).toBe('/v1/jobs/job-0001');
    expect(useCases.calls.map((call) => call.name)).toEqual([
      'listArticles',
      'getArticle',
      'correctArticle',
      'unpublishArticle',
      'republishArticle',
      'startRepublish',
      'getJob',
    ]);
    expect(useCases.calls[0]).toEqual({ name: 'listArticles', query: { partnerId: 'almadar', limit: 5 } });
  });

  it('answers 405 with Allow for a method a route does not take', async () => {
    const answer = await pipeline.request('DELETE', '/v1/articles/almadar-1', { headers: auth });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, PATCH');
  });

  describe('a request under /v1/ that no route takes, as API Gateway’s $default route answers it', () => {
    it('is 401 without the token, whatever its path or method: nothing is said before the token', async () => {
      for (const [method, path] of [
        ['GET', '/v1/nothing'],
        ['GET', '/v1/articles/almadar-1/extra'],
        ['DELETE', '/v1/articles/almadar-1'],
        ['GET', '/v1/partners/almadar/articles'],
      ] as const) {
        const answer = await pipeline.request(method, path);
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
      }
    });

    it('is a 404 problem with the token where the API has no such path, not the site’s page', async () => {
      const answer = await pipeline.request('GET', '/v1/nothing', { headers: auth });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toMatchObject({ status: 404 });
    });

    it('is a 405 naming POST with the token on the webhook’s path', async () => {
      const answer = await pipeline.request('GET', '/v1/partners/almadar/articles', { headers: auth });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
    });
  });
});
