import { readFile, writeFile } from 'node:fs/promises';

const BENCHMARKS = new URL('../docs/BENCHMARKS.md', import.meta.url);

/**
 * Writes one benchmark's section of `docs/BENCHMARKS.md`, between its `<!-- bench:<id> -->`
 * markers, and leaves every other benchmark's section as it was: each benchmark runs on its own
 * and rewrites only what it measured. A section not yet in the file is added at the end.
 */
export async function writeBenchmarkSection(id: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  let current = '';
  try {
    current = await readFile(BENCHMARKS, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}${current.trim() ? '\n\n' : ''}${section}\n`;
  await writeFile(BENCHMARKS, next);
}
