import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { PartnerRegistry } from '../../shared/config/partner-registry';
import type { Partner } from '../../shared/config/partner-registry-schema';
import { MalformedRequestError, UnauthorizedError } from '../../shared/errors/http-errors';
import { NativeHmacWebhook, verifyWebhook } from '../../shared/ingest/webhook-signature';
import { ALMADAR_ROTATED_SECRET, ALMADAR_SECRET, OTHER_SECRET, testPartners } from '../support/test-partners';

const registry: PartnerRegistry = testPartners();
const almadar = registry.list()[0];
const body = JSON.stringify({
  type: 'article.deleted',
  timestamp: '2024-11-27T09:00:00Z',
  data: { externalId: 'x' },
});
const bytes = new TextEncoder().encode(body);

/** Signs as a partner would, with the standardwebhooks library itself. */
function headersFor(secret: string, options: { id?: string; at?: Date; payload?: string } = {}) {
  const id = options.id ?? 'msg_2Yh3';
  const at = options.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, options.payload ?? body),
  };
}

describe('NativeHmacWebhook', () => {
  it('signs exactly as the standardwebhooks library does, whatever the id, instant, body and secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (key, id, seconds, payload) => {
          const secret = `whsec_${Buffer.from(key).toString('base64')}`;
          const at = new Date(seconds * 1000 + 123);
          expect(new NativeHmacWebhook(secret).sign(id, at, payload)).toBe(
            new Webhook(secret).sign(id, at, payload),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('verifyWebhook', () => {
  it('accepts a delivery signed with the current secret and returns the partner, its id and text', () => {
    expect(verifyWebhook(almadar, headersFor(ALMADAR_SECRET), bytes)).toEqual({
      partner: almadar,
      deliveryId: 'msg_2Yh3',
      body,
    });
  });

  it('accepts the second secret during a rotation', () => {
    expect(verifyWebhook(almadar, headersFor(ALMADAR_ROTATED_SECRET), bytes).deliveryId).toBe('msg_2Yh3');
  });

  it('accepts a header listing several signatures when any one is valid', () => {
    const valid = headersFor(ALMADAR_SECRET);
    const stale = headersFor(OTHER_SECRET)['webhook-signature'];
    const headers = { ...valid, 'webhook-signature': `v1,AAAA ${stale} ${valid['webhook-signature']}` };
    expect(verifyWebhook(almadar, headers, bytes).deliveryId).toBe('msg_2Yh3');
  });

  it.each([
    ['another partner’s secret', () => headersFor(OTHER_SECRET)],
    ['a body other than the signed one', () => headersFor(ALMADAR_SECRET, { payload: `${body} ` })],
    ['a timestamp 330 s old', () => headersFor(ALMADAR_SECRET, { at: new Date(Date.now() - 330_000) })],
    ['a timestamp 330 s ahead', () => headersFor(ALMADAR_SECRET, { at: new Date(Date.now() + 330_000) })],
    ['no signature header', () => ({ ...headersFor(ALMADAR_SECRET), 'webhook-signature': undefined })],
    ['a non-numeric timestamp', () => ({ ...headersFor(ALMADAR_SECRET), 'webhook-timestamp': '17e8' })],
  ])('refuses %s with 401', (_name, headers) => {
    expect(() => verifyWebhook(almadar, headers(), bytes)).toThrow(UnauthorizedError);
  });

  it('answers an unknown partner exactly like a bad signature', () => {
    const unknown = captureError(() => verifyWebhook(undefined, headersFor(ALMADAR_SECRET), bytes));
    const badSignature = captureError(() => verifyWebhook(almadar, headersFor(OTHER_SECRET), bytes));
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(unknown.message).toBe(badSignature.message);
  });

  it('checks an unknown partner against as many secrets as a known partner with a bad signature', () => {
    const verify = vi.spyOn(Webhook.prototype, 'verify');
    const checksFor = (partner: Partner | undefined, secret: string) => {
      verify.mockClear();
      expect(() => verifyWebhook(partner, headersFor(secret), bytes)).toThrow(UnauthorizedError);
      return verify.mock.calls.length;
    };
    try {
      const unknown = checksFor(undefined, ALMADAR_SECRET);
      expect(unknown).toBeGreaterThan(0);
      expect(checksFor(almadar, OTHER_SECRET)).toBe(unknown);
      expect(checksFor(registry.list()[1], ALMADAR_SECRET)).toBe(unknown);
    } finally {
      verify.mockRestore();
    }
  });

  it('judges the headers the same way whether or not the partner exists', () => {
    const longId = headersFor(ALMADAR_SECRET, { id: `msg_${'x'.repeat(300)}` });
    expect(() => verifyWebhook(undefined, longId, bytes)).toThrow(MalformedRequestError);
    expect(() => verifyWebhook(almadar, longId, bytes)).toThrow(MalformedRequestError);
  });

  it('refuses a webhook-id containing "." with 400, as the spec forbids it', () => {
    expect(() => verifyWebhook(almadar, headersFor(ALMADAR_SECRET, { id: 'msg.1' }), bytes)).toThrow(
      MalformedRequestError,
    );
  });

  it('refuses a body that is not UTF-8 with 400, signed or not', () => {
    const invalid = Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(() => verifyWebhook(almadar, headersFor(ALMADAR_SECRET), invalid)).toThrow(MalformedRequestError);
    expect(() => verifyWebhook(undefined, {}, invalid)).toThrow(MalformedRequestError);
  });

  it('never puts a secret in its error', () => {
    const error = captureError(() => verifyWebhook(almadar, headersFor(OTHER_SECRET), bytes));
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(
      ALMADAR_SECRET.slice(6, 20),
    );
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
