import { ProblemError } from '../../shared/errors/problem-error';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { parseDelivery } from '../../shared/ingest/parse-delivery';
import { articleData, type Body } from './hostile-bodies';
import { testPartners } from './test-partners';

const partner = testPartners()
  .list()
  .find((candidate) => candidate.id === 'almadar');
if (!partner) throw new Error('the test registry has no almadar');
const almadar = partner;

/** The instant deliveries are judged at: after the envelope's and the article's times. */
const NOW = new Date('2024-11-28T12:00:00Z');

/** A delivery's JSON body around `body`, from almadar. */
export function deliveryJson(body: Body): string {
  return JSON.stringify({
    type: 'article.published',
    timestamp: '2024-11-28T10:00:00Z',
    data: articleData(body),
  });
}

/** The status an error answers with; a 5xx, or an error that is no answer at all, is thrown. */
function statusOf(error: unknown): number {
  if (error instanceof ProblemError && error.status < 500) return error.status;
  throw error;
}

/**
 * Everything the ingest does to a verified delivery before it stores it: the JSON, the field
 * rules, cleaning and attribution. Answers the status the partner would get (202 for accepted).
 */
export function validateAndClean(json: string): number {
  try {
    const event = parseDelivery(json, NOW);
    if (event.type !== 'article.deleted') normaliseArticle(event.article, almadar);
    return 202;
  } catch (error) {
    return statusOf(error);
  }
}

/** Cleaning alone, `normaliseArticle`, on a delivery the field rules accept; `undefined` if they refuse it. */
export function cleaningOf(json: string): (() => number) | undefined {
  let event: ReturnType<typeof parseDelivery>;
  try {
    event = parseDelivery(json, NOW);
  } catch (error) {
    statusOf(error);
    return undefined;
  }
  if (event.type === 'article.deleted') return undefined;
  const article = event.article;
  return () => {
    try {
      normaliseArticle(article, almadar);
      return 202;
    } catch (error) {
      return statusOf(error);
    }
  };
}
