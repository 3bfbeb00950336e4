import type { JobState } from '../jobs/republish-job';

/**
 * Where a job stands: walking the catalog (`after` = the order key of the last article rendered,
 * absent before the first) or rendering its feeds (`next` = the position in `feeds` to render next).
 */
export type JobCursor = { phase: 'articles'; after?: string } | { phase: 'feeds'; next: number };

/** A republish job as the table keeps it (docs/data-model.md, `Job`). */
export interface JobRecord {
  jobId: string;
  /** As the API spells it: `all`, `feeds`, `partner:{id}`. */
  scope: string;
  state: JobState;
  /** Articles plus feeds rendered so far. */
  done: number;
  total: number;
  cursor: JobCursor;
  /** The feed scope ids the feeds phase renders, in order; fixed when the articles phase ends. */
  feeds: string[];
  /** Languages of the articles walked so far: a partner job renders their language feeds. */
  languages: string[];
  /** Chunks finished: the position a progress update moves from, and what continues the job. */
  chunks: number;
  /** Tries of the current chunk, counted before each try, so a worker that dies counts too. */
  attempts: number;
  /** The id of the editor who started it. */
  editor: string;
  createdAt: string;
  updatedAt: string;
  /** Why it failed, in words. */
  error?: string;
}

/** What one chunk moves a job to. */
export interface JobProgress {
  done: number;
  total: number;
  cursor: JobCursor;
  feeds: string[];
  languages: string[];
  /** `done` after the last chunk; `running` otherwise. */
  state: 'running' | 'done';
}

/**
 * Republish jobs. Every change after `create` is conditional on the job still running at the chunk
 * it moves from, so a duplicate or retried invocation can never count twice or move a job back.
 * Adapters: DynamoDB (one item per job; its stream carries the job from chunk to chunk).
 */
export interface JobStore {
  create(job: JobRecord): Promise<void>;
  /** The job as last written (strongly consistent), or `undefined`. */
  get(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Counts one more try of chunk `chunks`; returns the tries so far, or `undefined` if the job is no
   * longer running at that chunk (another invocation moved it on, or it ended).
   */
  recordAttempt(jobId: string, chunks: number): Promise<number | undefined>;
  /** Records a finished chunk; false (and nothing written) if the job is no longer running at `chunks`. */
  recordProgress(jobId: string, chunks: number, progress: JobProgress): Promise<boolean>;
  /** Ends the job as `failed` with `error`; false if it is no longer running at `chunks`. */
  recordFailure(jobId: string, chunks: number, error: string): Promise<boolean>;
}
