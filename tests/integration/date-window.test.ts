import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { englishArticle } from '../support/fixtures';
import { ALMADAR_SECRET, OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';

const DAY = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** A partner on the default allowance (30 days), and one importing its archive (ten years). */
function registry(): PartnerRegistry {
  return PartnerRegistry.parse({
    partners: [
      { id: 'fresh', name: 'Fresh Outlet', secrets: [ALMADAR_SECRET] },
      { id: 'importer', name: 'Archive Importer', secrets: [OTHER_SECRET], dateWindow: { pastDays: 3650 } },
    ],
  });
}

const FRESH = { partnerId: 'fresh', secret: ALMADAR_SECRET };
const IMPORTER = { partnerId: 'importer', secret: OTHER_SECRET };

interface Problem {
  detail: string;
  errors: { pointer: string; message: string }[];
}

describe('how far in the past publishedAt may lie', () => {
  let stack: TestPipeline;
  let registryInUse: PartnerRegistry;
  // Envelope timestamps move forward, so no event is refused as older than one already applied.
  let minute = 0;
  const eventTime = () => new Date(Date.now() - 3600_000 + minute++ * 1000).toISOString();

  const article = (data: Record<string, unknown>, type = 'article.published') => ({
    ...englishArticle({ language: 'en', ...data }, type),
    timestamp: eventTime(),
  });

  beforeAll(async () => {
    registryInUse = registry();
    stack = await TestPipeline.start({ partners: registryInUse });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a new article older than the default 30 days with a 422 naming the field and the allowance, and stores nothing', async () => {
    const stored = (await stack.contentItems()).length;
    const answer = await stack.deliver(article({ externalId: 'old', publishedAt: daysAgo(31) }), FRESH);
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = answer.json as Problem;
    expect(problem.errors).toEqual([
      { pointer: '/data/publishedAt', message: expect.stringContaining('at most 30 days in the past') },
    ]);
    expect(problem.errors[0]?.message).toContain('dateWindow.pastDays');
    expect(problem.detail).toContain('30 days');
    expect((await stack.contentItems()).length).toBe(stored);
  });

  it('accepts one inside the allowance', async () => {
    const answer = await stack.deliver(article({ externalId: 'recent', publishedAt: daysAgo(29) }), FRESH);
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
  });

  it('accepts an archive import within the registry’s larger allowance, and refuses beyond it', async () => {
    const inside = await stack.deliver(
      article({ externalId: 'archived', publishedAt: '2021-03-01T08:00:00Z' }),
      IMPORTER,
    );
    expect(inside.status, JSON.stringify(inside.json)).toBe(202);
    const beyond = await stack.deliver(
      article({ externalId: 'ancient', publishedAt: daysAgo(3651) }),
      IMPORTER,
    );
    expect(beyond.status).toBe(422);
    expect((beyond.json as Problem).errors).toEqual([
      { pointer: '/data/publishedAt', message: expect.stringContaining('at most 3650 days in the past') },
    ]);
  });

  it('keeps accepting corrections, takedowns and republications of an old article that keep its publishedAt', async () => {
    const publishedAt = '2021-06-01T08:00:00+02:00';
    const first = await stack.deliver(
      article({ externalId: 'old-but-stored', publishedAt, title: 'First title' }),
      IMPORTER,
    );
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    await stack.waitUntilPublished();

    // The import is done: the operator narrows the importer to the default allowance.
    const importer = await registryInUse.getPartner('importer');
    if (!importer) throw new Error('no importer in the registry');
    importer.dateWindow = { pastDays: 30 };

    const corrected = await stack.deliver(
      article(
        {
          externalId: 'old-but-stored',
          // The same instant, written in another offset.
          publishedAt: '2021-06-01T06:00:00Z',
          updatedAt: daysAgo(0.01),
          title: 'Corrected title',
        },
        'article.updated',
      ),
      IMPORTER,
    );
    expect(corrected.status, JSON.stringify(corrected.json)).toBe(202);

    const deleted = await stack.deliver(
      { type: 'article.deleted', timestamp: eventTime(), data: { externalId: 'old-but-stored' } },
      IMPORTER,
    );
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(202);
    const republished = await stack.deliver(
      article({
        externalId: 'old-but-stored',
        publishedAt,
        updatedAt: daysAgo(0.005),
        title: 'Corrected title',
      }),
      IMPORTER,
    );
    expect(republished.status, JSON.stringify(republished.json)).toBe(202);

    // Moving it to another old date is judged like a new date.
    const moved = await stack.deliver(
      article(
        { externalId: 'old-but-stored', publishedAt: '2021-05-01T08:00:00Z', updatedAt: daysAgo(0.001) },
        'article.updated',
      ),
      IMPORTER,
    );
    expect(moved.status).toBe(422);
    expect((moved.json as Problem).errors[0]?.pointer).toBe('/data/publishedAt');

    // And a new article of that age is refused now.
    const another = await stack.deliver(
      article({ externalId: 'another-old', publishedAt: '2021-06-02T08:00:00Z' }),
      IMPORTER,
    );
    expect(another.status).toBe(422);
  });
});
