/**
 * What a republish job rebuilds (CONTRACT §4): everything, only the feeds (with the index and the
 * site furniture), or one partner's article pages and the feeds they are in.
 */
export type RepublishScope = { kind: 'all' } | { kind: 'feeds' } | { kind: 'partner'; partnerId: string };

/**
 * A job's life: `running` until its last chunk is done, or `failed` when a chunk keeps failing or the
 * job has stopped making progress (shared/jobs/republish-jobs.ts, `STALLED_AFTER_MS`).
 */
export type JobState = 'running' | 'done' | 'failed';

/** The scope as the API spells it: `all`, `feeds` or `partner:{id}`. */
export function formatRepublishScope(scope: RepublishScope): string {
  return scope.kind === 'partner' ? `partner:${scope.partnerId}` : scope.kind;
}

/** The scope a string names, or `undefined` when it names none. The partner's existence is checked by the caller. */
export function parseRepublishScope(text: string): RepublishScope | undefined {
  if (text === 'all' || text === 'feeds') return { kind: text };
  const match = /^partner:([a-z0-9-]{1,64})$/.exec(text);
  return match?.[1] ? { kind: 'partner', partnerId: match[1] } : undefined;
}

/** A republish job as `GET /v1/jobs/{jobId}` shows it. */
export interface JobView {
  jobId: string;
  scope: string;
  state: JobState;
  /** Objects' worth of work finished: articles rendered plus feeds rendered. */
  done: number;
  total: number;
  /** The editor who started it. */
  editor: string;
  createdAt: string;
  updatedAt: string;
  /** Why it failed, in words; present only when `state` is `failed`. */
  error?: string;
}
