import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../shared/jobs/republish-job';
import { englishArticle } from '../support/fixtures';
import { synd, syndOnTerminal } from '../support/synd-cli';
import { TEST_EDITOR_TOKEN, TestPipeline } from '../support/test-pipeline';

const ARTICLES = 12;

/** `synd republish --all | --feeds | --partner` starts a job and follows it to its end. */
describe('synd republish jobs', { timeout: 120_000 }, () => {
  let stack: TestPipeline;
  let api: Record<string, string>;

  beforeAll(async () => {
    stack = await TestPipeline.start();
    api = { SYND_API_URL: stack.url, SYND_TOKEN: TEST_EDITOR_TOKEN };
    for (let index = 0; index < ARTICLES; index++) {
      const answer = await stack.deliver(
        englishArticle({
          externalId: `synd-job-${index}`,
          url: `https://other.example/news/synd-job-${index}`,
          title: `Job article ${index}`,
          publishedAt: new Date(Date.UTC(2024, 10, 1 + index, 9)).toISOString(),
        }),
      );
      expect(answer.status, answer.text).toBe(202);
    }
    await stack.waitUntilPublished();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('follows republish --all to the end with plain progress lines off a terminal', async () => {
    const run = await synd(['republish', '--all'], api);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^republish all: \d+\/\d+ \(\d+ %\)$/);
    const last = /^job (\S+) done: (\d+)\/(\d+) \(100 %\)$/.exec(lines.at(-1) ?? '');
    expect(last, run.stderr).not.toBeNull();
    expect(last?.[2]).toBe(last?.[3]);
    expect(Number(last?.[3])).toBeGreaterThanOrEqual(ARTICLES);
    // The job itself, read from the API, agrees.
    const job = (
      await stack.request('GET', `/v1/jobs/${last?.[1]}`, {
        headers: { authorization: `Bearer ${TEST_EDITOR_TOKEN}` },
      })
    ).json as JobView;
    expect(job).toMatchObject({ state: 'done', scope: 'all' });
    expect(job.done).toBe(job.total);
  });

  it('prints the finished job as JSON with --json', async () => {
    const run = await synd(['--json', 'republish', '--partner', 'almadar'], api);
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout) as JobView;
    expect(job).toMatchObject({ state: 'done', scope: 'partner:almadar' });
    expect(job.done).toBe(job.total);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `job ${job.jobId} done: ${job.done}/${job.total} (100 %)`,
    );
  });

  it('shows a progress bar on a terminal, ending full at 100 %', async () => {
    const run = await syndOnTerminal(['republish', '--feeds'], api);
    expect(run.code).toBe(0);
    // The bar redraws in place (cursor moves, no new lines); what the terminal shows last is the full
    // bar, then the summary line.
    const screen = stripVTControlCharacters(run.stdout);
    const lastDraw = screen.slice(screen.lastIndexOf('republish feeds |'));
    expect(screen.split('republish feeds |').length).toBeGreaterThan(2);
    expect(lastDraw).toMatch(/^republish feeds \|█{30}\| 100 % \| (\d+)\/\1 objects/);
    expect(stripVTControlCharacters(run.stdout)).toMatch(/job \S+ done: (\d+)\/\1 \(100 %\)/);
  });

  it('starts a job and returns at once with --no-wait', async () => {
    const run = await synd(['republish', '--feeds', '--no-wait', '--json'], api);
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout) as JobView;
    expect(job.scope).toBe('feeds');
    expect(job.jobId).not.toBe('');
  });

  it('answers an unknown partner with the API’s 404, exit 1', async () => {
    const run = await synd(['republish', '--partner', 'nobody-here'], api);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^synd: 404 Not found/);
  });
});
