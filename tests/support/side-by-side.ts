/** The median of some timings, in milliseconds. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Two tasks timed side by side: each one's median, and how many times the yardstick's the subject took. */
export interface SideBySide {
  yardstickMs: number;
  subjectMs: number;
  ratio: number;
  /**
   * The median of each round's own ratio, the two timed one after the other: a load spike that
   * slows one round is dropped, where it moves the median of one task's times but not the other's.
   */
  roundRatio: number;
}

/**
 * Times `subject` against `yardstick`, `runs` times each, interleaved (and the order alternated)
 * so that both see the same machine: a shared machine's load moves absolute times by several
 * times, and the ratio of the medians far less. The median also drops a first, colder run.
 * `settle`, untimed, runs after each task: for work a task sets off that would otherwise be
 * charged to the next one (the publishing an accepted delivery starts).
 */
export async function sideBySide(
  yardstick: () => unknown,
  subject: () => unknown,
  options: { runs?: number; settle?: () => unknown } = {},
): Promise<SideBySide> {
  const { runs = 3, settle } = options;
  const times = { yardstick: [] as number[], subject: [] as number[] };
  const timed = async (task: () => unknown, into: number[]) => {
    const started = performance.now();
    await task();
    into.push(performance.now() - started);
    await settle?.();
  };
  for (let run = 0; run < runs; run++) {
    const pair: [() => unknown, number[]][] = [
      [yardstick, times.yardstick],
      [subject, times.subject],
    ];
    if (run % 2) pair.reverse();
    for (const [task, into] of pair) await timed(task, into);
  }
  const yardstickMs = median(times.yardstick);
  const subjectMs = median(times.subject);
  const roundRatio = median(times.subject.map((subject, run) => subject / (times.yardstick[run] as number)));
  return { yardstickMs, subjectMs, ratio: subjectMs / yardstickMs, roundRatio };
}
