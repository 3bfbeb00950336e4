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

/** A job as the API shows it. */
export function jobView(job: JobRecord): JobView {
  return {
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
}

/**
 * `POST /v1/republish` and `GET /v1/jobs/{jobId}`: a job is written `running`, and writing it is what
 * starts it: its item's stream record invokes the republisher, which carries it to the end chunk by
 * chunk (shared/jobs/run-republish-chunk.ts, docs/republish-jobs.md).
 */
export function createRepublishJobs(
  deps: RepublishJobDependencies,
): Pick<EditorUseCases, 'startRepublish' | 'getJob'> {
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
      const now = (deps.clock ?? (() => new Date()))().toISOString();
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
      return jobView(job);
    },

    async getJob(jobId) {
      const job = JOB_ID.test(jobId) ? await deps.jobs.get(jobId) : undefined;
      if (!job) throw new NotFoundError({ detail: `There is no job "${jobId}".` });
      return jobView(job);
    },
  };
}
