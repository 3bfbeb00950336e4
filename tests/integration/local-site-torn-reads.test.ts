import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPipeline } from '../support/test-pipeline';

const KEY = 'articles/rewritten.html';
const VERSIONS = 100;
const READERS = 10;
/** Far beyond any honest answer: a fetch still open after this has hung. Not a speed assertion. */
const HANG_BOUND_MS = 30_000;

/** Sizes that make each rewrite grow or shrink the file by a lot, so a torn read is visible. */
const SIZES = [180_000, 9, 64_000, 1_200, 250_000, 300, 120_000];

function version(index: number): Buffer {
  const size = SIZES[index % SIZES.length] ?? 1;
  const filler = String.fromCharCode(97 + (index % 26));
  return Buffer.from(`v${index} ${filler.repeat(size)}`.slice(0, Math.max(size, 4)), 'utf8');
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

type Outcome =
  | { kind: 'answer'; status: number; headers: Headers; body: Buffer }
  | { kind: 'failed'; error: string };

async function fetchThroughServer(url: string): Promise<Outcome> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HANG_BOUND_MS) });
    const body = Buffer.from(await response.arrayBuffer());
    return { kind: 'answer', status: response.status, headers: response.headers, body };
  } catch (error) {
    return { kind: 'failed', error: String(error) };
  }
}

describe('the local site while an object is being rewritten', () => {
  let stack: TestPipeline;

  beforeAll(async () => {
    stack = await TestPipeline.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function put(body: Buffer): Promise<void> {
    await stack.pipeline.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucketName,
        Key: KEY,
        Body: body,
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'public, max-age=60',
      }),
    );
  }

  it('answers every read with a whole, verified version or an honest 503, and never hangs', async () => {
    const written = new Set<string>();
    const first = version(0);
    written.add(md5(first));
    await put(first);

    let writing = true;
    // One writer, as the publish lease allows one publisher at a time; the readers overlap it.
    const writer = (async () => {
      try {
        for (let index = 1; index < VERSIONS; index += 1) {
          const body = version(index);
          written.add(md5(body));
          await put(body);
          await new Promise((resolve) => setTimeout(resolve, index % 5));
        }
      } finally {
        writing = false;
      }
    })();

    const outcomes: Outcome[] = [];
    const readers = Array.from({ length: READERS }, async () => {
      while (writing) outcomes.push(await fetchThroughServer(`${stack.url}/${KEY}`));
    });
    await Promise.all([writer, ...readers]);

    const failures = outcomes.filter((outcome) => outcome.kind === 'failed');
    expect(failures).toEqual([]);

    const answers = outcomes.flatMap((outcome) => (outcome.kind === 'answer' ? [outcome] : []));
    const problems: string[] = [];
    for (const answer of answers) {
      if (answer.status === 503) {
        if (!answer.headers.get('retry-after')) problems.push('a 503 without Retry-After');
        continue;
      }
      if (answer.status !== 200) {
        problems.push(`status ${answer.status}`);
        continue;
      }
      const etag = answer.headers.get('etag') ?? '';
      const digest = md5(answer.body);
      if (etag !== `"${digest}"`) problems.push(`body MD5 ${digest} under ETag ${etag}`);
      if (answer.headers.get('content-length') !== String(answer.body.length)) {
        problems.push(
          `${answer.body.length} bytes under Content-Length ${answer.headers.get('content-length')}`,
        );
      }
      if (!written.has(digest)) problems.push(`a body that was never written (${answer.body.length} bytes)`);
    }
    expect(problems).toEqual([]);

    const whole = answers.filter((answer) => answer.status === 200).length;
    // Overlapping reads are retried until they verify, so an honest 503 stays the exception.
    expect(whole).toBeGreaterThan(answers.length / 2);

    const settled = await fetchThroughServer(`${stack.url}/${KEY}`);
    expect(settled.kind === 'answer' && settled.status).toBe(200);
    expect(settled.kind === 'answer' && md5(settled.body)).toBe(md5(version(VERSIONS - 1)));
  }, 180_000);
});
