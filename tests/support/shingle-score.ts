/**
 * Body-text scoring as the Article Extraction Benchmark's `evaluate.py` does it
 * (github.com/scrapinghub/article-extraction-benchmark, MIT): tokens are runs of word characters,
 * texts are compared as multisets of token 4-gram shingles, and each page's counts are normalised
 * so a long page weighs no more than a short one.
 */

/** One page's true positives, false positives and false negatives, normalised to sum to 1, and its F1. */
export interface ShingleCounts {
  tp: number;
  fp: number;
  fn: number;
  f1: number;
}

/** Python's `\w+` with `re.UNICODE`: letters, numbers and the underscore. */
const TOKEN = /[\p{L}\p{N}_]+/gu;
const NGRAM = 4;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  // Like evaluate.py, a text shorter than one shingle is one shingle of all its tokens.
  for (let i = 0; i < Math.max(1, tokens.length - NGRAM + 1); i++) {
    const shingle = tokens.slice(i, i + NGRAM);
    if (shingle.length === 0) continue;
    const key = shingle.join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function precisionOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
}

/** How `predicted` matches `expected`, one page. */
export function bodyTextScore(expected: string, predicted: string): ShingleCounts {
  const truth = shingles(expected);
  const guess = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...truth.keys(), ...guess.keys()])) {
    const t = truth.get(key) ?? 0;
    const p = guess.get(key) ?? 0;
    tp += Math.min(t, p);
    fp += Math.max(0, p - t);
    fn += Math.max(0, t - p);
  }
  const sum = tp + fp + fn;
  const counts = sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum, f1: 0 } : { tp, fp, fn, f1: 0 };
  const precision = precisionOf(counts);
  const recall = recallOf(counts);
  counts.f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return counts;
}

/** The corpus's summary: precision and recall averaged over pages, and the F1 of those averages. */
export function summariseScores(pages: ShingleCounts[]): { precision: number; recall: number; f1: number } {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / (values.length || 1);
  const precision = mean(pages.filter((page) => page.tp + page.fp > 0).map(precisionOf));
  const recall = mean(pages.filter((page) => page.tp + page.fn > 0).map(recallOf));
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}
