import { createHmac, randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Partner } from '../config/partner-registry-schema';
import { MalformedRequestError, UnauthorizedError } from '../errors/http-errors';

/** The Standard Webhooks headers of one delivery, lower-cased names. */
export interface WebhookHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

/** A delivery whose signature holds. */
export interface VerifiedDelivery {
  /** The partner whose secret signed it. */
  partner: Partner;
  deliveryId: string;
  /** The body as text, known to be valid UTF-8. */
  body: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The same words for every signature failure, an unknown partner included: nothing to enumerate. */
const REFUSED = 'The webhook signature is missing, invalid or outside the 300 s tolerance.';

/** The 401 of every signature failure; the local server answers a path naming no partner with it too. */
export function signatureRefused(): UnauthorizedError {
  return new UnauthorizedError({ detail: REFUSED });
}

/**
 * How many secrets every refused delivery is checked against: the most a partner holds (two,
 * during a rotation). A partner with fewer, and an unknown partner, make up the rest with secrets
 * nobody holds, so a refusal costs the same work whichever partner the path names.
 */
const CHECKS_PER_DELIVERY = 2;
const UNHELD_SECRETS = Array.from(
  { length: CHECKS_PER_DELIVERY },
  () => `whsec_${randomBytes(32).toString('base64')}`,
);

/**
 * The library's verifier with its HMAC computed by `node:crypto` instead of its own JavaScript
 * SHA-256, which took a millisecond for each 20 KB delivery (issue 12's profile; docs/decisions/0040).
 * Everything else (the secret's decoding, the timestamp tolerance, the constant-time comparison of
 * each `v1` signature) stays the library's; tests/unit/webhook-signature.test.ts checks the two
 * signers agree.
 */
export class NativeHmacWebhook extends Webhook {
  override sign(msgId: string, timestamp: Date, payload: string | Buffer): string {
    // The key as the library decoded it from the secret (`whsec_` and base64), in its own field.
    const { key } = this as unknown as { key: Uint8Array };
    const seconds = Math.floor(timestamp.getTime() / 1000);
    const mac = createHmac('sha256', key).update(`${msgId}.${seconds}.${payload.toString()}`, 'utf8');
    return `v1,${mac.digest('base64')}`;
  }
}

/**
 * Decodes the raw body as strict UTF-8. Done before verification because `standardwebhooks`
 * stringifies the body first, which would silently replace bad bytes (CONTRACT §1: 400, signed or not).
 */
export function decodeUtf8Body(raw: Uint8Array): string {
  try {
    return utf8.decode(raw);
  } catch (error) {
    throw new MalformedRequestError({ detail: 'The body is not valid UTF-8.', cause: error });
  }
}

/**
 * Verifies a Standard Webhooks v1 signature against each of the partner's secrets (one or two,
 * for rotation); any valid signature in the header is enough. `partner` is `undefined` for an
 * unknown partner id, which is refused exactly like a bad signature, after the same work: the
 * headers are judged the same way and the signature is checked against secrets nobody holds.
 */
export function verifyWebhook(
  partner: Partner | undefined,
  headers: WebhookHeaders,
  raw: Uint8Array,
): VerifiedDelivery {
  const deliveryId = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (deliveryId?.includes('.')) {
    throw new MalformedRequestError({ detail: 'The webhook-id header must not contain ".".' });
  }
  const body = decodeUtf8Body(raw);
  if (!deliveryId || !timestamp || !signature) throw signatureRefused();
  if (deliveryId.length > 256)
    throw new MalformedRequestError({ detail: 'The webhook-id header is too long.' });
  // The library parses the timestamp leniently ("12abc" passes as 12); the spec says integer seconds.
  if (!/^\d{1,12}$/.test(timestamp)) throw signatureRefused();

  const signed = { 'webhook-id': deliveryId, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
  const held = partner?.secrets ?? [];
  const secrets = [...held, ...UNHELD_SECRETS.slice(held.length)];
  for (const [index, secret] of secrets.entries()) {
    try {
      new NativeHmacWebhook(secret).verify(body, signed, { jsonParse: false });
      if (partner && index < held.length) return { partner, deliveryId, body };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  throw signatureRefused();
}
