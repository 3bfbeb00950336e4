import {
  type BodyShape,
  CLEANING_TIME_BUDGET,
  fill,
  HOSTILE_SHAPES,
  MAX_CONTENT_BYTES,
  plainBody,
} from '../tests/support/hostile-bodies';
import { cleaningOf, deliveryJson, validateAndClean } from '../tests/support/pure-ingest';
import { type SideBySide, sideBySide } from '../tests/support/side-by-side';
import { isEntryPoint } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench:hostile`: what the bodies a hostile partner can send cost to validate and clean,
 * next to an ordinary article of the same size, in one run. Writes its section of
 * `docs/BENCHMARKS.md`.
 */

interface Row {
  shape: BodyShape;
  answer: number;
  /** The field rules and cleaning: what the ingest does before it stores. */
  ingest: SideBySide;
  /** `normaliseArticle` alone, when the field rules accept the body. */
  cleaning?: SideBySide;
}

async function measure(shape: BodyShape, rounds: number): Promise<Row> {
  const hostile = deliveryJson(fill(shape, MAX_CONTENT_BYTES));
  const plain = deliveryJson(plainBody(MAX_CONTENT_BYTES));
  const answer = validateAndClean(hostile);
  const ingest = await sideBySide(
    () => validateAndClean(plain),
    () => validateAndClean(hostile),
    { runs: rounds },
  );
  const cleanPlain = cleaningOf(plain);
  const cleanHostile = cleaningOf(hostile);
  const cleaning =
    cleanPlain && cleanHostile ? await sideBySide(cleanPlain, cleanHostile, { runs: rounds }) : undefined;
  return { shape, answer, ingest, cleaning };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const times = (value: number) => `${value.toFixed(1)}×`;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Each hostile body beside an ordinary one of the same size, `rounds` times each; the section. */
export async function measureHostileIngest(rounds: number): Promise<string> {
  const rows: Row[] = [];
  for (const shape of HOSTILE_SHAPES) {
    const row = await measure(shape, rounds);
    console.log(
      `${shape.name}: ${row.answer}, ${ms(row.ingest.subjectMs)} (${times(row.ingest.ratio)}); cleaning ${row.cleaning ? times(row.cleaning.ratio) : '-'}`,
    );
    rows.push(row);
  }
  const worst = (ratio: (row: Row) => number) => rows.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  const worstIngest = worst((row) => row.ingest.ratio);
  const worstCleaning = worst((row) => row.cleaning?.ratio ?? 0);
  const table = rows
    .map(({ shape, answer, ingest, cleaning }) =>
      [
        `${cell(shape.name)} (\`${cell(shape.unit.replace(/\n/g, '\\n').slice(0, 24))}\`)`,
        shape.field,
        String(answer),
        ms(ingest.yardstickMs),
        ms(ingest.subjectMs),
        times(ingest.ratio),
        cleaning ? times(cleaning.ratio) : 'refused by the field rules',
      ].join(' | '),
    )
    .map((line) => `| ${line} |`)
    .join('\n');
  const report = `## Validating and cleaning hostile bodies

Written by \`npm run bench:hostile\` (\`bench/hostile-ingest.ts\`) on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}).
Each body fills the 512 KiB a content field may hold (the shapes are \`tests/support/hostile-bodies.ts\`). Each
ran ${rounds} times, interleaved with ${rounds} runs of an ordinary HTML article of the same size (paragraphs of prose); the
table gives the medians and their ratio, first for what the ingest does before it stores (JSON, field rules,
\`normaliseArticle\`), then for \`normaliseArticle\` alone.

| body | field | answer | plain | hostile | ratio | cleaning alone |
| --- | --- | --- | --- | --- | --- | --- |
${table}

Worst case: **${times(worstIngest.ingest.ratio)}** an ordinary article of the same size before storing (${worstIngest.shape.name}),
**${times(worstCleaning.cleaning?.ratio ?? 0)}** for cleaning alone (${worstCleaning.shape.name}). The tests hold every shape, and
fast-check's adversarial bodies, to ${CLEANING_TIME_BUDGET}× (\`tests/unit/hostile-ingest-time.test.ts\`). Before decision 0017,
cleaning took 37.8 s on the embed siblings, 16.8 s on the chrome paragraphs, overflowed the stack on the rules after a
wrapper (a 500), and the field rules took 4.1 s to measure the nesting, against about 0.1 s for the plain article.
`;
  return report;
}

if (isEntryPoint(import.meta.url)) {
  const report = await measureHostileIngest(5);
  await writeBenchmarkSection('hostile-ingest', report);
  console.log(report);
}
