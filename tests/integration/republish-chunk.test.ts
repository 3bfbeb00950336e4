import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepublishJobs } from '../../shared/jobs/republish-jobs';
import { runRepublishChunk } from '../../shared/jobs/run-republish-chunk';
import { startTestContext, storeArticle, type TestContext } from '../support/test-context';

const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();

describe('a republish chunk', () => {
  let run: TestContext;
  beforeAll(async () => {
    run = await startTestContext();
    for (let index = 0; index < 25; index++) await storeArticle(run.context, index, minutes(index));
  });
  afterAll(() => run.stop());

  it('counts once when the same record is delivered twice at once, and never moves a job back', async () => {
    const jobs = createRepublishJobs(run.context);
    const { jobId } = await jobs.startRepublish({ kind: 'all' }, { id: 'test-editor' });
    // No publisher runs here: the stored articles' pending markers must not hold the chunks back.
    const deps = { ...run.context, chunkArticles: 10, publisherPriorityMs: 0 };

    const duplicates = await Promise.all([runRepublishChunk(jobId, deps), runRepublishChunk(jobId, deps)]);
    expect(duplicates.map((report) => report.outcome).sort()).toEqual(['idle', 'progressed']);
    const afterOne = await run.context.jobs.get(jobId);
    expect(afterOne).toMatchObject({ done: 10, chunks: 1, attempts: 0 });

    // A late retry of the first chunk's record finds the job moved on and changes nothing.
    expect(
      await run.context.jobs.recordProgress(jobId, 0, {
        state: 'running',
        done: 10,
        total: afterOne?.total ?? 0,
        cursor: { phase: 'articles' },
        feeds: [],
        languages: [],
      }),
    ).toBe(false);
    expect(await run.context.jobs.recordAttempt(jobId, 0)).toBeUndefined();
    expect(await run.context.jobs.get(jobId)).toEqual(afterOne);

    const outcomes: string[] = [];
    for (let chunk = 0; chunk < 20 && outcomes.at(-1) !== 'finished'; chunk++)
      outcomes.push((await runRepublishChunk(jobId, deps)).outcome);
    expect(outcomes.at(-1)).toBe('finished');
    const finished = await jobs.getJob(jobId);
    expect(finished).toMatchObject({ state: 'done', done: finished.total });
    // Once done, a chunk does nothing.
    expect((await runRepublishChunk(jobId, deps)).outcome).toBe('idle');
  });
});
