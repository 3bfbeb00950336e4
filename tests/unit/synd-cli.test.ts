import { describe, expect, it } from 'vitest';
import { apiBaseUrl, isLoopback } from '../../cli/api-connection';
import { EXIT, OutcomeError } from '../../cli/cli-errors';
import { parseAuthor } from '../../cli/commands/correct-command';
import { ApiProblemError, ApiUnreachableError, type EditorApiClient } from '../../cli/editor-api-client';
import { followJob } from '../../cli/follow-job';
import { optionOfPointer, reportFailure } from '../../cli/output/failure-report';
import type { JobView } from '../../shared/jobs/republish-job';

function job(overrides: Partial<JobView>): JobView {
  return {
    jobId: 'j1',
    scope: 'all',
    state: 'running',
    done: 0,
    total: 4,
    editor: 'local-editor',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A client whose job answers are the given views, in order. */
function jobClient(...views: JobView[]): EditorApiClient {
  return { getJob: async () => views.shift() as JobView } as unknown as EditorApiClient;
}

function lineStream() {
  const written: string[] = [];
  return { written, stream: { isTTY: false, write: (text: string) => written.push(text) } };
}

describe('following a job off a terminal', () => {
  it('prints a line per change of progress and a done line at 100 %', async () => {
    const { written, stream } = lineStream();
    const last = await followJob(
      jobClient(job({ done: 2 }), job({ done: 2 }), job({ done: 4, state: 'done' })),
      job({}),
      stream,
    );
    expect(last.state).toBe('done');
    expect(written).toEqual([
      'republish all: 0/4 (0 %)\n',
      'republish all: 2/4 (50 %)\n',
      'republish all: 4/4 (100 %)\n',
      'job j1 done: 4/4 (100 %)\n',
    ]);
  });

  it('fails with the job’s reason when the job fails', async () => {
    const { stream } = lineStream();
    const following = followJob(
      jobClient(job({ state: 'failed', done: 1, error: 'a chunk kept failing' })),
      job({}),
      stream,
    );
    await expect(following).rejects.toThrow(OutcomeError);
    await expect(
      followJob(jobClient(job({ state: 'failed', done: 1, error: 'a chunk kept failing' })), job({}), stream),
    ).rejects.toThrow('job j1 failed after 1/4: a chunk kept failing');
  });

  it('counts a job with nothing to do as 100 %', async () => {
    const { written, stream } = lineStream();
    await followJob(jobClient(), job({ total: 0, state: 'done' }), stream);
    expect(written.at(-1)).toBe('job j1 done: 0/0 (100 %)\n');
  });
});

describe('failure reports', () => {
  it('names the option a refused field came from', () => {
    expect(optionOfPointer('/title')).toBe('--title');
    expect(optionOfPointer('/categories/3')).toBe('--category (#4)');
    expect(optionOfPointer('/attribution/authors/0/url')).toBe('--author (#1)');
    expect(optionOfPointer('/attribution/publisher/url')).toBe('--publisher-url');
    expect(optionOfPointer('/attribution/originalUrl')).toBe('--original-url');
    expect(optionOfPointer('/somewhere/else')).toBe('/somewhere/else');
  });

  it('reports a 422 as one line plus one per field, exit 1', () => {
    const report = reportFailure(
      new ApiProblemError(422, 'Validation failed', 'The correction breaks 1 rule.', [
        { pointer: '/title', message: 'must be at most 300 characters' },
      ]),
    );
    expect(report).toEqual({
      exitCode: EXIT.refused,
      lines: [
        'synd: 422 Validation failed: The correction breaks 1 rule.',
        '  --title: must be at most 300 characters',
      ],
    });
  });

  it('reports an unreachable API as exit 3, pointing at npm start locally', () => {
    const report = reportFailure(new ApiUnreachableError('http://localhost:3000', 'ECONNREFUSED'), {
      local: true,
    });
    expect(report.exitCode).toBe(EXIT.unreachable);
    expect(report.lines[0]).toContain('start it with npm start');
  });
});

describe('connection settings', () => {
  it('takes --api-url over SYND_API_URL over PORT', () => {
    expect(apiBaseUrl({ apiUrl: 'https://a.example/' }, { SYND_API_URL: 'https://b.example' })).toBe(
      'https://a.example',
    );
    expect(apiBaseUrl({}, { SYND_API_URL: 'https://b.example', PORT: '4000' })).toBe('https://b.example');
    expect(apiBaseUrl({}, { PORT: '4000' })).toBe('http://localhost:4000');
    expect(apiBaseUrl({}, {})).toBe('http://localhost:3000');
  });

  it('counts only loopback addresses as this machine', () => {
    for (const url of [
      'http://localhost:3000',
      'http://127.0.0.1:1',
      'http://[::1]:3000',
      'http://api.localhost',
    ]) {
      expect(isLoopback(url), url).toBe(true);
    }
    for (const url of [
      'https://editor.example.com',
      'http://10.0.0.1:3000',
      'http://localhost.example.com',
    ]) {
      expect(isLoopback(url), url).toBe(false);
    }
  });

  it('reads an author as a name with an optional <url>', () => {
    expect(parseAuthor('Jane Doe')).toEqual({ name: 'Jane Doe' });
    expect(parseAuthor('عبد الله جمال <https://almadar.example/a>')).toEqual({
      name: 'عبد الله جمال',
      url: 'https://almadar.example/a',
    });
    expect(() => parseAuthor(' <https://x.example>')).toThrow('must start with the author’s name');
  });
});
