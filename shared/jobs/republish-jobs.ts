import { randomUUID } from 'node:crypto';
import type { EditorUseCases } from '../editor/editor-use-cases';
import { NotFoundError } from '../errors/http-errors';
import type { ArticleCatalog } from '../ports/article-catalog';
import type { JobRecord, JobStore } from '../ports/job-store';
import { type RepublishFeedDependencies, republishFeeds } from './republish-feeds';
import { formatRepublishScope, type JobView } from './republish-job';

/** What starting and reading jobs needs. */
export interface RepublishJobDependencies extends RepublishFeedDependencies {
  jobs: JobStore;
  catalog: ArticleCatalog;
  clock?: () => Date;
  /** A new job's id; random by default. */
  newJobId?: () => string;
}

/** What a job id can look like; anything else names no job (and is never sent to the table). */
const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * How long a running job's item may go unchanged before the job is reported `failed`. Every try of a
 * chunk writes the item (it counts the try), and a try ends within the republisher's 60 s timeout,
 * so a job that moves writes at least every minute or two, retry back-off included. Only a job
 * whose stream record was dropped (its batch ran out of retries) stays unchanged this long.
 */
export const STALLED_AFTER_MS = 5 * 60_000;

/**
 * A job as the API shows it at `now`. A `running` job whose item has not changed for
 * {@link STALLED_AFTER_MS} is shown `failed`, with an `error` saying so: nothing will carry it on,
 * and an editor following it should hear that rather than wait forever (docs/republish-jobs.md).
 */
export function jobView(job: JobRecord, now: Date): JobView {
  const view: JobView = {
    jobId: job.jobId,
    scope: job.scope,
    state: job.state,
    done: job.done,
    total: job.total,
    editor: job.editor,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.state === 'failed' && job.error ? { error: job.error } : {}),
  };
  const stalled = job.state === 'running' && now.getTime() - Date.parse(job.updatedAt) >= STALLED_AFTER_MS;
  return stalled ? { ...view, state: 'failed', error: stalledText(job) } : view;
}

/** Why a job that stopped moving is shown failed, for an editor. */
function stalledText(job: JobRecord): string {
  return (
    `The republish has made no progress since ${job.updatedAt}, after ${job.done} of ` +
    `${job.cursor.phase === 'articles' ? 'about ' : ''}${job.total} objects, ` +
    'and nothing will carry it on. Start a new job: it is safe, it renders from the current state and ' +
    'writes only what changed.'
  );
}

/**
 * `POST /v1/republish` and `GET /v1/jobs/{jobId}`: a job is written `running`, and writing it is what
 * starts it: its item's stream record invokes the republisher, which carries it to the end chunk by
 * chunk (shared/jobs/run-republish-chunk.ts, docs/republish-jobs.md).
 */
export function createRepublishJobs(
  deps: RepublishJobDependencies,
): Pick<EditorUseCases, 'startRepublish' | 'getJob'> {
  const clock = deps.clock ?? (() => new Date());
  return {
    async startRepublish(scope, editor) {
      if (scope.kind === 'partner' && !(await deps.partners.getPartner(scope.partnerId)))
        throw new NotFoundError({ detail: `There is no partner "${scope.partnerId}".` });
      // Estimates, both: articles may arrive while the job runs, and a partner's articles may be in
      // languages its registry entry does not list. The feeds phase sets the total to what it renders.
      const articles =
        scope.kind === 'feeds'
          ? 0
          : await deps.catalog.count(scope.kind === 'partner' ? { partnerId: scope.partnerId } : {});
      const feeds = await republishFeeds(scope, [], deps);
      const now = clock().toISOString();
      const job: JobRecord = {
        jobId: (deps.newJobId ?? randomUUID)(),
        scope: formatRepublishScope(scope),
        state: 'running',
        done: 0,
        total: articles + feeds.length,
        cursor: scope.kind === 'feeds' ? { phase: 'feeds', next: 0 } : { phase: 'articles' },
        feeds,
        languages: [],
        chunks: 0,
        attempts: 0,
        editor: editor.id,
        createdAt: now,
        updatedAt: now,
      };
      await deps.jobs.create(job);
      return jobView(job, clock());
    },

    async getJob(jobId) {
      const job = JOB_ID.test(jobId) ? await deps.jobs.get(jobId) : undefined;
      if (!job) throw new NotFoundError({ detail: `There is no job "${jobId}".` });
      return jobView(job, clock());
    },
  };
}
