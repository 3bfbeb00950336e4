import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { articleFieldsSchema } from '../../shared/ingest/delivery-schema';
import { MAX_DELIVERY_BYTES } from '../../shared/ingest/ingest-delivery';
import { englishArticle } from './fixtures';

/** How a fuzzed delivery's headers relate to its body. */
export type HeaderMode =
  /** Signed correctly by the partner, now: only the body can make it a refusal. */
  | 'signed'
  /** Each header kept, dropped or replaced by something malformed. */
  | 'malformed headers'
  /** Signed correctly, then the body changed by one byte or cut short. */
  | 'tampered body'
  /** Signed correctly with a `webhook-id` that holds a `.` (refused: it would be ambiguous in the signed content). */
  | 'dotted webhook-id'
  /** Signed correctly at a moment outside the 300 s tolerance. */
  | 'skewed timestamp';

/** One fuzzed delivery, before it is signed. */
export interface FuzzedDelivery {
  mode: HeaderMode;
  body: Buffer;
  /** For `malformed headers`: what each header becomes (undefined: dropped; `null`: kept as signed). */
  headers: Record<string, string | null | undefined>;
  deliveryId: string;
  /** Seconds from now the signature claims, for `skewed timestamp`. */
  skewSeconds: number;
  /** Where `tampered body` changes the body, as a fraction of its length. */
  cut: number;
}

/** What HTTP lets a client put in a header value: visible ASCII and spaces inside. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength,
  });

/** Names and values the field rules expect, and values of every other JSON type in their place. */
/** Every article field a delivery may carry, as the schema declares them. */
const FIELDS = Object.keys(articleFieldsSchema.shape) as (keyof typeof articleFieldsSchema.shape)[];

const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}, [[]], { name: {} }, '2024-13-45T99:99:99Z'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A valid article with some of its fields replaced by a value of the wrong type or shape. */
const wrongTypedEnvelope = fc
  .record({
    type: fc.oneof(fc.constantFrom('article.published', 'article.updated', 'article.deleted'), wrongValue),
    timestamp: fc.oneof(fc.constant(new Date().toISOString()), wrongValue),
    replaced: fc.dictionary(fc.constantFrom(...FIELDS), wrongValue, { maxKeys: 4 }),
    dropped: fc.subarray([...FIELDS]),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), wrongValue, { maxKeys: 2 }),
  })
  .map(({ type, timestamp, replaced, dropped, extra }) => {
    const data: Record<string, unknown> = { ...englishArticle().data, ...replaced };
    for (const field of dropped) if (!(field in replaced)) delete data[field];
    return { type, timestamp, data, ...extra };
  });

/** Envelopes of any JSON shape: not an object, missing members, members of the wrong type. */
const envelope = fc.oneof(
  { weight: 3, arbitrary: wrongTypedEnvelope },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  // Valid articles too: signed, they must be accepted, and only they may be stored.
  {
    weight: 1,
    arbitrary: fc
      .uuid()
      .map((id) => englishArticle({ externalId: `fuzz-${id}`, url: `https://other.example/${id}` })),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { type: wrongValue, timestamp: wrongValue, data: fc.oneof(wrongValue, fc.constant({})) },
      { requiredKeys: [] },
    ),
  },
);

/** Strings far past every field limit, up to past the size of a delivery the server reads at all. */
const hugeString = fc
  .record({
    size: fc.constantFrom(6_000, 600_000, MAX_DELIVERY_BYTES + 1024),
    unit: fc.constantFrom('a', '<', '\u0000', 'ت', '"', '\\'),
    field: fc.constantFrom(...FIELDS),
  })
  .map(({ size, unit, field }) =>
    JSON.stringify(englishArticle({ [field]: unit.repeat(Math.ceil(size / Buffer.byteLength(unit))) })),
  );

/** Every kind of body: JSON envelopes, JSON cut short, random bytes, huge strings. */
export const fuzzedBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: envelope.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
  {
    weight: 2,
    arbitrary: fc.tuple(envelope, fc.double({ min: 0, max: 1, noNaN: true })).map(([value, at]) => {
      const text = JSON.stringify(value) ?? 'null';
      return Buffer.from(text.slice(0, Math.floor(text.length * at)));
    }),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: hugeString.map((text) => Buffer.from(text)) },
);

/** Signature headers that are wrong in form or in value. */
const malformedSignature = fc.oneof(
  headerText(120),
  fc.constantFrom('', 'v1,', 'v1', ',', 'v1,=', 'v2,abc', 'v1a,abc', 'v1,not base64!', 'v1,AAAA v1,BBBB'),
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((bytes) => `v1,${Buffer.from(bytes).toString('base64')}`),
  fc
    .array(
      fc
        .uint8Array({ minLength: 0, maxLength: 40 })
        .map((bytes) => `v1,${Buffer.from(bytes).toString('base64')}`),
      { minLength: 2, maxLength: 40 },
    )
    .map((parts) => parts.join(' ')),
);

const malformedTimestamp = fc.oneof(
  headerText(20),
  fc.constantFrom('', '0', '-1', '1e10', '1.5', ' 1', '0x10', 'NaN', 'Infinity', '99999999999999999999'),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map(String),
);

const malformedId = fc.oneof(
  headerText(40),
  fc.constantFrom('', '.', 'msg.1', 'a'.repeat(300), ' '),
  headerText(10).map((text) => `msg_${text}.${text}`),
);

/** Each of the three signature headers and the content type: kept, dropped or replaced. */
const malformedHeaders = fc.record({
  'webhook-id': fc.oneof(fc.constant(null), fc.constant(undefined), malformedId),
  'webhook-timestamp': fc.oneof(fc.constant(null), fc.constant(undefined), malformedTimestamp),
  'webhook-signature': fc.oneof(fc.constant(undefined), malformedSignature),
  'content-type': fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=latin1', ''),
  ),
});

/** Deliveries a hostile or broken client might send, with the headers in every relation to the body. */
export const fuzzedDelivery: fc.Arbitrary<FuzzedDelivery> = fc.record({
  mode: fc.constantFrom<HeaderMode>(
    'signed',
    'signed',
    'malformed headers',
    'malformed headers',
    'tampered body',
    'dotted webhook-id',
    'skewed timestamp',
  ),
  body: fuzzedBody,
  headers: malformedHeaders,
  deliveryId: fc.oneof(
    fc.constantFrom('.', 'msg_a.b', '..', 'msg_.'),
    headerText(20).map((text) => `msg_${text.replaceAll('.', '')}.x`),
  ),
  skewSeconds: fc.oneof(
    fc.integer({ min: 301, max: 10_000_000 }),
    fc.integer({ min: -10_000_000, max: -301 }),
  ),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** The headers and body to send for `delivery`, signed with `secret` as its mode says. */
export function signedAsFuzzed(
  delivery: FuzzedDelivery,
  secret: string,
): { headers: Record<string, string>; body: Buffer } {
  const sign = (id: string, at: Date, body: Buffer) => ({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    // standardwebhooks signs text; bytes that are not UTF-8 are signed as it decodes them.
    'webhook-signature': new Webhook(secret).sign(id, at, body.toString()),
  });
  const id = `msg_fuzz${Math.random().toString(36).slice(2)}`;
  const now = new Date();
  switch (delivery.mode) {
    case 'signed':
      return { headers: sign(id, now, delivery.body), body: delivery.body };
    case 'dotted webhook-id':
      return { headers: sign(delivery.deliveryId, now, delivery.body), body: delivery.body };
    case 'skewed timestamp':
      return {
        headers: sign(id, new Date(now.getTime() + delivery.skewSeconds * 1000), delivery.body),
        body: delivery.body,
      };
    case 'tampered body': {
      const at = Math.floor(delivery.body.length * delivery.cut);
      // Cut short, or one byte more: either way not what was signed.
      const body =
        delivery.cut >= 0.3 && at < delivery.body.length
          ? Buffer.from(delivery.body.subarray(0, at))
          : Buffer.concat([delivery.body, Buffer.from(' ')]);
      return { headers: sign(id, now, delivery.body), body };
    }
    case 'malformed headers': {
      const signed: Record<string, string> = sign(id, now, delivery.body);
      const headers: Record<string, string> = {};
      for (const name of Object.keys(delivery.headers)) {
        const value = delivery.headers[name];
        if (value === null && signed[name] !== undefined) headers[name] = signed[name];
        else if (typeof value === 'string') headers[name] = value;
      }
      return { headers, body: delivery.body };
    }
  }
}
