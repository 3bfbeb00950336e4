import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepublishJobs, STALLED_AFTER_MS } from '../../shared/jobs/republish-jobs';
import { FINISHING_MARGIN_MS, runRepublishChunk } from '../../shared/jobs/run-republish-chunk';
import type { PublishLock } from '../../shared/ports/publish-lock';
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

  it('shows a running job that has stopped moving as failed, in words, and a finished one as it ended', async () => {
    let now = new Date(Date.UTC(2026, 0, 1, 12));
    const jobs = createRepublishJobs({ ...run.context, clock: () => now });
    const { jobId, updatedAt } = await jobs.startRepublish({ kind: 'feeds' }, { id: 'test-editor' });

    now = new Date(Date.parse(updatedAt) + STALLED_AFTER_MS - 1_000);
    const moving = await jobs.getJob(jobId);
    expect(moving.state).toBe('running');
    expect(moving.error).toBeUndefined();

    // Its stream record was dropped: nothing has written its item since it started.
    now = new Date(Date.parse(updatedAt) + STALLED_AFTER_MS + 1_000);
    const stalled = await jobs.getJob(jobId);
    expect(stalled).toMatchObject({ jobId, state: 'failed', done: 0, updatedAt });
    expect(stalled.error).toContain('no progress since 2026-01-01T12:00:00.000Z');
    expect(stalled.error).toMatch(/Start a new job: it is safe/);

    // A job that did end keeps its state however long ago that was.
    const deps = { ...run.context, publisherPriorityMs: 0 };
    let outcome = '';
    for (let chunk = 0; chunk < 20 && outcome !== 'finished'; chunk++)
      outcome = (await runRepublishChunk(jobId, deps)).outcome;
    expect(outcome).toBe('finished');
    now = new Date(Date.now() + 24 * 3600_000);
    const ended = await jobs.getJob(jobId);
    expect(ended.state).toBe('done');
    expect(ended.error).toBeUndefined();
  });

  it('lets pending publishes go first only for as long as the invocation can spare', async () => {
    // No publisher runs here: the stored articles stay pending, so a chunk that lets them go first
    // waits for as long as it allows itself.
    expect(await run.context.store.countPendingPublishes()).toBeGreaterThan(0);
    const { jobId } = await createRepublishJobs(run.context).startRepublish(
      { kind: 'all' },
      { id: 'test-editor' },
    );
    // An invocation with 12 s left, less than the default 10 s priority plus the finishing margins.
    const end = Date.now() + 12_000;
    const remainingMs = () => end - Date.now();
    let remainingAtLease: number | undefined;
    const lock: PublishLock = {
      acquire: (owner, ttlMs) => {
        remainingAtLease ??= remainingMs();
        return run.context.lock.acquire(owner, ttlMs);
      },
      release: (owner) => run.context.lock.release(owner),
    };
    const chunkBudgetMs = 3_000;

    const report = await runRepublishChunk(jobId, { ...run.context, lock, remainingMs, chunkBudgetMs });
    expect(report.outcome).toBe('progressed');
    // When it takes the lease it still has the time to render a chunk and record it.
    expect(remainingAtLease).toBeGreaterThanOrEqual(chunkBudgetMs + FINISHING_MARGIN_MS);
  }, 30_000);
});
