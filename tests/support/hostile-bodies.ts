import fc from 'fast-check';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';

/** CONTRACT §1 and the field rules: `contentHtml` and `contentText` hold at most 512 KiB. */
export const MAX_CONTENT_BYTES = 512 * 1024;

/**
 * What validating and cleaning a hostile body may cost, in times the same for an ordinary article
 * of its size, measured side by side in one run (decision 0017). The densest linear body, text of
 * one-letter lines, costs about 20×; issue 8's quadratic cases cost 40× to 100× and more.
 */
export const CLEANING_TIME_BUDGET = 30;

/**
 * What a hostile delivery may cost through the webhook, in times an ordinary delivery of its size
 * (which the ingest also stores), publishing left out of both. Issue 8's refused bodies now cost
 * 0.1× to 5× on a quiet machine (`npm run bench:hostile`); before decision 0017 they cost 20× and
 * more, or a 500.
 */
export const DELIVERY_TIME_BUDGET = 8;

/** The depth the ingest allows HTML to nest (`delivery-schema.ts`, `normalise-article.ts`). */
export const MAX_HTML_DEPTH = 200;

/** A partner's article body: HTML or captured text, as the two content fields hold it. */
export interface Body {
  field: 'contentHtml' | 'contentText';
  content: string;
}

/**
 * A body shape: a unit repeated to fill a size, after an optional prefix. Repetition is what a
 * hostile partner uses to turn a per-node cost into a per-delivery one.
 */
export interface BodyShape {
  name: string;
  field: Body['field'];
  unit: string;
  prefix?: string;
}

/** Room for the envelope and the other fields around a body in a delivery. */
const ENVELOPE_BYTES = 4096;

/**
 * `shape` filled with whole units to at most `bytes` UTF-8 bytes, and to no more than a delivery
 * can carry once JSON escapes it (a control character takes six bytes there).
 */
export function fill(shape: BodyShape, bytes: number): Body {
  const prefix = shape.prefix ?? '';
  const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;
  const count = Math.max(
    1,
    Math.min(
      Math.floor((bytes - Buffer.byteLength(prefix)) / Buffer.byteLength(shape.unit)),
      Math.floor((MAX_DELIVERY_BYTES - ENVELOPE_BYTES - jsonBytes(prefix)) / jsonBytes(shape.unit)),
    ),
  );
  return { field: shape.field, content: prefix + shape.unit.repeat(count) };
}

/** A delivery's article data around `body`, valid in every other field. */
export function articleData(body: Body, externalId = 'hostile-1'): Record<string, unknown> {
  return {
    externalId,
    url: `https://almadar.example/2024/11/${externalId}/`,
    title: 'Talks resume after a pause of several months',
    publishedAt: '2024-11-28T10:00:00Z',
    [body.field]: body.content,
  };
}

const WORDS = (
  'the minister said on thursday that talks with the neighbouring states would resume next week ' +
  'after a pause of several months while negotiators in the capital prepared a new draft of the ' +
  'agreement on trade water and the border crossings that farmers and traders depend on every day'
).split(' ');

/** A paragraph of ordinary prose, about sixty words, varied by `seed`. */
function paragraph(seed: number): string {
  const words = Array.from({ length: 60 }, (_, index) => WORDS[(seed * 7 + index * 3) % WORDS.length]);
  return `${words.join(' ')}.`;
}

/**
 * An ordinary HTML article of about `bytes` UTF-8 bytes, paragraphs of prose: the yardstick a
 * hostile body of the same size is measured against, whichever field the hostile body uses. What a
 * delivery may cost is set by its size, against what an ordinary delivery of that size costs.
 */
export function plainBody(bytes: number): Body {
  const parts: string[] = [];
  let size = 0;
  for (let seed = 0; ; seed++) {
    const part = `<p>${paragraph(seed)}</p>\n`;
    if (size + part.length > bytes && parts.length > 0) break;
    parts.push(part);
    size += part.length;
  }
  return { field: 'contentHtml', content: parts.join('') };
}

/** `depth` elements named `name`, nested, around a word. */
const nested = (name: string, depth: number) => `${`<${name}>`.repeat(depth)}x${`</${name}>`.repeat(depth)}`;

/**
 * The shapes issue 8 found or that reach the same code another way: siblings to remove, siblings
 * to keep, nesting up to the limit, and long runs of one character, of punctuation and of `<`.
 */
export const HOSTILE_SHAPES: readonly BodyShape[] = [
  // Issue 8: each one quadratic or a stack overflow before the cleaning steps were made linear.
  { name: 'embed siblings', field: 'contentHtml', unit: '<embed>' },
  { name: 'chrome paragraphs', field: 'contentHtml', unit: '<p>Email' },
  { name: 'div then hr siblings', field: 'contentHtml', unit: '<hr>', prefix: '<div>' },
  // Siblings the cleaning keeps, or removes by class, id or text.
  { name: 'tiny paragraphs', field: 'contentHtml', unit: '<p>x' },
  { name: 'line breaks', field: 'contentHtml', unit: 'x<br>' },
  { name: 'links', field: 'contentHtml', unit: '<a href="x">x</a>' },
  { name: 'images', field: 'contentHtml', unit: '<img src="x.png">' },
  { name: 'share boxes', field: 'contentHtml', unit: '<div class="share">x</div>' },
  { name: 'share prompts', field: 'contentHtml', unit: '<p>Share this:</p>' },
  { name: 'comments', field: 'contentHtml', unit: '<!--x-->' },
  // Nesting up to the depth limit, in wrappers the cleaning descends into and in inline elements.
  { name: 'nested wrappers', field: 'contentHtml', unit: nested('div', MAX_HTML_DEPTH - 1) },
  { name: 'nested inline', field: 'contentHtml', unit: nested('span', MAX_HTML_DEPTH - 1) },
  // Nesting far past it: the limit must refuse it without measuring all of it.
  { name: 'nesting past the limit', field: 'contentHtml', unit: '<b>' },
  // Runs of one character: a single word, punctuation, markup that never closes, entities.
  { name: 'one letter', field: 'contentHtml', unit: 'a' },
  { name: 'punctuation', field: 'contentHtml', unit: '!' },
  { name: 'mixed punctuation', field: 'contentHtml', unit: '.…-–—_:|/!?*' },
  { name: 'less-than signs', field: 'contentHtml', unit: '<' },
  { name: 'open tags', field: 'contentHtml', unit: '<a' },
  { name: 'entities', field: 'contentHtml', unit: '&amp;' },
  // Captured text: one-letter lines, chrome lines, a single long word.
  { name: 'one-letter lines', field: 'contentText', unit: 'a\n' },
  { name: 'chrome lines', field: 'contentText', unit: 'Share this:\n' },
  { name: 'punctuation text', field: 'contentText', unit: '!' },
];

/**
 * The three bodies issue 8 reported, and nesting far past the limit, which the depth check itself
 * took seconds to measure: the regressions the webhook tests send at the full 512 KiB.
 */
export const ISSUE_8_SHAPES = [
  ...HOSTILE_SHAPES.slice(0, 3),
  HOSTILE_SHAPES.find((shape) => shape.name === 'nesting past the limit') as BodyShape,
];

const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~…–—«»،؛؟'];

/**
 * Adversarial body shapes for properties: runs of one character (any, punctuation or `<`), short
 * markup units repeated as siblings, and elements nested up to the depth limit; in HTML or text.
 */
export const hostileShape: fc.Arbitrary<BodyShape> = fc.oneof(
  fc.constantFrom(...HOSTILE_SHAPES),
  fc
    .record({
      field: fc.constantFrom<Body['field']>('contentHtml', 'contentText'),
      unit: fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom(...PUNCTUATION),
        fc.constantFrom('<', '<a', '</', '<!--', '<!', '<?', '&', '&#', '<a href=', '< '),
      ),
    })
    .map(({ field, unit }) => ({ name: `run of ${JSON.stringify(unit)}`, field, unit })),
  fc
    .record({
      name: fc.constantFrom('p', 'div', 'span', 'hr', 'br', 'embed', 'script', 'li', 'td', 'blockquote'),
      text: fc.constantFrom('', 'x', 'Share this:', 'Previous post: x', 'Leave a Reply'),
      closed: fc.boolean(),
    })
    .map(({ name, text, closed }) => ({
      name: `siblings <${name}>${text}`,
      field: 'contentHtml' as const,
      unit: `<${name}>${text}${closed ? `</${name}>` : ''}`,
    })),
  fc
    .record({
      name: fc.constantFrom('div', 'section', 'span', 'b', 'blockquote', 'ul', 'li'),
      depth: fc.integer({ min: 1, max: MAX_HTML_DEPTH - 1 }),
    })
    .map(({ name, depth }) => ({
      name: `<${name}> nested ${depth} deep`,
      field: 'contentHtml' as const,
      unit: nested(name, depth),
    })),
);
