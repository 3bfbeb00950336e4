import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';
import { htmlToText } from '../shared/clean/sanitise-html';
import { PartnerRegistry } from '../shared/config/partner-registry';
import { ProblemError } from '../shared/errors/problem-error';
import type { ArticlePayload } from '../shared/ingest/delivery-schema';
import { MAX_PAGE_BYTES } from '../shared/ingest/delivery-schema';
import { normaliseArticle } from '../shared/ingest/normalise-article';
import { bodyTextScore, type ShingleCounts, summariseScores } from '../tests/support/shingle-score';
import { BENCH_SECRET } from './bench-partner';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench:extraction`: how much of a real page's article the pipeline stores, and how much
 * else, against the human-written bodies of the Article Extraction Benchmark
 * (github.com/scrapinghub/article-extraction-benchmark, MIT). Scores (a) Readability alone on
 * linkedom, as the corpus scores Readability.js, and (b) the body the pipeline stores for a
 * delivery of the whole page, with the corpus's own metric (token 4-gram shingles).
 *
 * The corpus is not in this repository: set `EXTRACTION_CORPUS_DIR` to a checkout of it (the
 * directory holding `ground-truth.json` and `html/`).
 */

interface PageResult {
  id: string;
  readability: ShingleCounts;
  pipeline: ShingleCounts;
  readabilityMs: number;
  pipelineMs: number;
  refused?: string;
  oversize: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Readability alone, as the corpus runs Readability.js: the article's `textContent`. */
function readabilityText(page: string): { text: string; title: string } {
  const document = new DOMParser().parseFromString(page, 'text/html');
  const article = new Readability(document as never).parse();
  return { text: article?.textContent ?? '', title: article?.title ?? '' };
}

async function main(): Promise<void> {
  const corpus = process.env.EXTRACTION_CORPUS_DIR;
  const partner = await PartnerRegistry.parse({
    partners: [{ id: 'bench', name: 'Benchmark Partner', secrets: [BENCH_SECRET] }],
  }).getPartner('bench');
  if (!corpus || !partner) {
    console.error(
      'Set EXTRACTION_CORPUS_DIR to a checkout of github.com/scrapinghub/article-extraction-benchmark.',
    );
    process.exit(2);
  }
  const truth: Record<string, { articleBody?: string; url: string }> = JSON.parse(
    await readFile(join(corpus, 'ground-truth.json'), 'utf8'),
  );
  const files = (await readdir(join(corpus, 'html'))).filter((name) => name.endsWith('.html.gz')).sort();
  const results: PageResult[] = [];
  for (const file of files) {
    const id = file.slice(0, -'.html.gz'.length);
    const expected = truth[id];
    if (!expected) continue;
    const page = gunzipSync(await readFile(join(corpus, 'html', file))).toString('utf8');

    let started = performance.now();
    const alone = readabilityText(page);
    const readabilityMs = performance.now() - started;

    // The partner's headline: the one the page's metadata gives, as a CMS hook would send it.
    const payload: ArticlePayload = {
      externalId: id.slice(0, 64),
      url: expected.url,
      title: alone.title.trim() || 'Untitled',
      publishedAt: '2024-01-01T00:00:00Z',
      contentHtml: page,
    };
    let stored = '';
    let refused: string | undefined;
    started = performance.now();
    try {
      stored = htmlToText(normaliseArticle(payload, partner).bodyHtml);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      refused = error.fieldErrors[0]?.message ?? error.detail;
    }
    const pipelineMs = performance.now() - started;

    const body = expected.articleBody ?? '';
    results.push({
      id,
      readability: bodyTextScore(body, alone.text),
      pipeline: bodyTextScore(body, stored),
      readabilityMs,
      pipelineMs,
      refused,
      oversize: Buffer.byteLength(page) > MAX_PAGE_BYTES,
    });
  }

  const alone = summariseScores(results.map((result) => result.readability));
  const pipeline = summariseScores(results.map((result) => result.pipeline));
  const refusals = results.filter((result) => result.refused);
  const oversize = results.filter((result) => result.oversize).length;
  const worst = [...results]
    .map((result) => ({ id: result.id, delta: result.pipeline.f1 - result.readability.f1 }))
    .sort((a, b) => a.delta - b.delta)
    .slice(0, 5);
  const row = (name: string, score: ReturnType<typeof summariseScores>, ms: number) =>
    `| ${name} | ${score.precision.toFixed(3)} | ${score.recall.toFixed(3)} | **${score.f1.toFixed(3)}** | ${ms.toFixed(1)} ms |`;
  const section = `
## Article extraction quality

Written by \`npm run bench:extraction\` (\`bench/extraction-quality.ts\`) on ${new Date().toISOString().slice(0, 10)}
(${process.platform}, Node ${process.version}), over the ${results.length} whole pages of the
[Article Extraction Benchmark](https://github.com/scrapinghub/article-extraction-benchmark) (MIT) and their
human-written article bodies. Scores are the corpus's own: token 4-gram shingles per page, precision and recall
averaged over pages, F1 of the averages.

| body | precision | recall | F1 | median time per page |
| --- | --- | --- | --- | --- |
${row('Readability alone (on linkedom, `textContent`)', alone, median(results.map((r) => r.readabilityMs)))}
${row('Stored body (`normaliseArticle`, body HTML to text)', pipeline, median(results.map((r) => r.pipelineMs)))}

The stored body is what a delivery of the whole page stores: extraction, chrome removal, sanitising. The delivered
title is the page's headline as its metadata gives it. ${refusals.length} page(s) were refused with \`422\` and
score as empty${refusals.length > 0 ? ` (${[...new Set(refusals.map((r) => r.refused))].join('; ')})` : ''}.
${oversize} page(s) are over the 5 MiB limit on a whole page in \`contentHtml\`; they are scored all the same.
To run it: \`git clone https://github.com/scrapinghub/article-extraction-benchmark\`, then
\`EXTRACTION_CORPUS_DIR=path/to/article-extraction-benchmark npm run bench:extraction\`.
For comparison the corpus reports Readability.js 0.6.0 on jsdom at F1 0.947 (precision 0.914, recall 0.982), and
keeping all of a page's text (html-text) at 0.665.

Pages where the stored body scores furthest below Readability alone (F1 difference):
${worst.map((page) => `\`${page.id.slice(0, 12)}…\` ${page.delta.toFixed(3)}`).join(', ')}.
`;

  await writeBenchmarkSection('extraction-quality', section);
  console.log(section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
