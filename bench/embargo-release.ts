import { signDelivery } from '../shared/partner-client/sign-delivery';
import { median } from '../tests/support/side-by-side';
import { startBenchPipeline } from './bench-local-pipeline';
import { BENCH_SECRET } from './bench-partner';
import { type BenchEndpoints, isEntryPoint, withBenchStack } from './bench-stack';
import { writeBenchmarkSection } from './benchmarks-file';

/**
 * `npm run bench` (and `npm run bench:embargo`): the time from an embargo's instant until the article's
 * page is served, on the local pipeline (`npm start`'s timers, the release handler, the publisher on
 * the table's stream), beside, in the same run, the time from an ordinary delivery's `202` until its
 * page is served: what the release adds to publishing. One article at a time, each due two seconds
 * after it is sent; the page is polled every 20 ms, so figures are within that.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const LEAD_MS = 2000;
const POLL_MS = 20;
const TIMEOUT_MS = 60_000;

/** What the embargo benchmark found. */
export interface EmbargoResult {
  /** Median time from the embargo's instant until the page is served. */
  releaseMs: number;
  /** Median time from an ordinary delivery's `202` until its page is served. */
  publishMs: number;
  markdown: string;
}

async function untilServed(url: string): Promise<number> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status === 200) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} was not served within ${TIMEOUT_MS} ms`);
}

/** Measures `rounds` embargoed and `rounds` ordinary deliveries, alternately. */
export async function measureEmbargoRelease(
  endpoints: BenchEndpoints,
  rounds: number,
): Promise<EmbargoResult> {
  const { pipeline } = await startBenchPipeline(endpoints, 'embargo');
  const deliver = async (externalId: string, publishedAt: Date) => {
    const body = JSON.stringify({
      type: 'article.published',
      timestamp: new Date().toISOString(),
      data: {
        externalId,
        url: `https://bench.example/${externalId}`,
        title: `Embargo bench ${externalId}`,
        publishedAt: publishedAt.toISOString(),
        contentText: 'A paragraph of an article under embargo.\n\nAnother one.',
      },
    });
    const response = await fetch(`${pipeline.url}/v1/partners/bench/articles`, {
      method: 'POST',
      headers: signDelivery(BENCH_SECRET, body).headers,
      body,
    });
    const receipt = (await response.json()) as { url: string; state: string };
    if (response.status !== 202) throw new Error(`delivery ${externalId}: ${response.status}`);
    return { ...receipt, answeredAt: Date.now() };
  };
  try {
    const release: number[] = [];
    const publish: number[] = [];
    for (let round = 0; round < rounds; round++) {
      console.log(`embargo: round ${round + 1} of ${rounds}...`);
      const instant = new Date(Date.now() + LEAD_MS);
      const embargoed = await deliver(`embargoed-${round}`, instant);
      if (embargoed.state !== 'scheduled') throw new Error(`an embargo was answered ${embargoed.state}`);
      release.push((await untilServed(embargoed.url)) - instant.getTime());
      const ordinary = await deliver(`ordinary-${round}`, new Date(Date.now() - 60_000));
      publish.push((await untilServed(ordinary.url)) - ordinary.answeredAt);
    }
    const releaseMs = median(release);
    const publishMs = median(publish);
    const markdown = `
## Embargo to live

\`bench/embargo-release.ts\`: ${rounds} articles each sent under an embargo two seconds ahead, one at a time, on the
local pipeline (\`npm start\`'s release timers, the release handler, the publisher on the table's stream); its page
polled every ${POLL_MS} ms. Beside each, in the same run, an ordinary delivery, from its \`202\` until its page is served.

| | median | all (ms) |
| --- | --- | --- |
| embargo instant → page served | **${(releaseMs / 1000).toFixed(2)} s** | ${release.map((ms) => ms.toFixed(0)).join(', ')} |
| ordinary \`202\` → page served | ${(publishMs / 1000).toFixed(2)} s | ${publish.map((ms) => ms.toFixed(0)).join(', ')} |

In AWS the release waits for an EventBridge Scheduler one-time schedule instead of a timer; the
publishing after it is the same path.
`;
    return { releaseMs, publishMs, markdown };
  } finally {
    await pipeline.stop();
  }
}

if (isEntryPoint(import.meta.url)) {
  const result = await withBenchStack((endpoints) => measureEmbargoRelease(endpoints, 5));
  await writeBenchmarkSection('embargo-release', result.markdown);
  console.log(result.markdown);
}
