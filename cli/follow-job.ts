import { Presets, SingleBar } from 'cli-progress';
import type { JobView } from '../shared/jobs/republish-job';
import { OutcomeError } from './cli-errors';
import type { EditorApiClient } from './editor-api-client';

/** How often the job is read while it runs. */
const POLL_INTERVAL_MS = 500;

/** Where progress goes: a terminal gets a live bar, anything else (a log, a pipe) plain lines. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

function percent(job: JobView): number {
  return job.total === 0 ? 100 : Math.floor((job.done / job.total) * 100);
}

/** `republish all: 120/1000 (12 %)`. */
export function progressLine(job: JobView): string {
  return `republish ${job.scope}: ${job.done}/${job.total} (${percent(job)} %)`;
}

interface ProgressView {
  update(job: JobView): void;
  stop(): void;
}

function progressBar(stream: ProgressStream, job: JobView): ProgressView {
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `republish ${job.scope} |{bar}| {percentage} % | {value}/{total} objects`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(job.total, 1), job.total === 0 ? 1 : job.done);
  return {
    update: (next) => {
      bar.setTotal(Math.max(next.total, 1));
      bar.update(next.total === 0 && next.state === 'done' ? 1 : next.done);
    },
    stop: () => bar.stop(),
  };
}

function progressLines(stream: ProgressStream, job: JobView): ProgressView {
  let last = '';
  const print = (next: JobView) => {
    const line = progressLine(next);
    if (line !== last) stream.write(`${line}\n`);
    last = line;
  };
  print(job);
  return { update: print, stop: () => undefined };
}

/**
 * Follows a job to its end, showing its progress on `stream`, and returns its last view; an
 * `OutcomeError` when it failed. Ctrl-C stops following, not the job, and says so.
 */
export async function followJob(
  client: EditorApiClient,
  started: JobView,
  stream: ProgressStream,
): Promise<JobView> {
  const view = stream.isTTY ? progressBar(stream, started) : progressLines(stream, started);
  const onInterrupt = () => {
    view.stop();
    stream.write(`\nstopped following job ${started.jobId}; it goes on in the pipeline\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let job = started;
  try {
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      job = await client.getJob(job.jobId);
      view.update(job);
    }
  } finally {
    view.stop();
    process.off('SIGINT', onInterrupt);
  }
  if (job.state === 'failed') {
    throw new OutcomeError(
      `job ${job.jobId} failed after ${job.done}/${job.total}: ${job.error ?? 'no reason given'}`,
    );
  }
  stream.write(`job ${job.jobId} done: ${job.done}/${job.total} (${percent(job)} %)\n`);
  return job;
}
